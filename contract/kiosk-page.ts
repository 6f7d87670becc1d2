/**
 * What a kiosk's own pages do, shared by main (which documents and tests it) and the renderer
 * (which carries it out): the staff-exit gesture as a pure state machine over pointer events, and
 * the page rules (CSS and DOM listeners) of the kiosk's customer screens. No Node, no DOM types:
 * the renderer and main/shell both import it (main/shell/kiosk-input.ts and kiosk-lockdown.ts
 * re-export it).
 */

// ---------------------------------------------------------------------------------------------
// The staff-exit gesture

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface ExitGestureConfig {
  corner: Corner;
  /** Side of the square corner region, in CSS pixels. */
  regionPx: number;
  /** A press held this long inside the region; null turns the hold off. */
  holdMs: number | null;
  /** This many taps inside the region within `tapWindowMs`; null turns taps off. */
  taps: { count: number; withinMs: number; maxTapMs: number } | null;
}

export const DEFAULT_EXIT_GESTURE: Readonly<ExitGestureConfig> = Object.freeze({
  corner: 'top-left',
  regionPx: 60,
  holdMs: 3000,
  taps: { count: 5, withinMs: 3000, maxTapMs: 500 },
});

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Pointer events as the page sees them (`pointerdown`/`pointermove`/`pointerup`/`pointercancel`,
 * with the viewport coordinates and time), plus `tick`: the hold completes while the finger is
 * still down, so the caller sends one at `exitGestureDueAt()`.
 */
export type PressEvent =
  | { type: 'down' | 'move' | 'up' | 'cancel'; pointerId: number; x: number; y: number; at: number }
  | { type: 'tick'; at: number };

export interface ExitGestureState {
  /** The one pointer held in the region, and since when. */
  press: { pointerId: number; downAt: number } | null;
  /** When each recent tap in the region ended. */
  taps: readonly number[];
  /** The last time seen, to notice time going backwards. */
  lastAt: number;
}

export const INITIAL_EXIT_GESTURE: ExitGestureState = Object.freeze({ press: null, taps: [], lastAt: 0 });

export function inExitRegion(x: number, y: number, viewport: Viewport, config: ExitGestureConfig): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) return false;
  const size = config.regionPx;
  const left = config.corner.endsWith('left') ? x <= size : x >= viewport.width - size;
  const top = config.corner.startsWith('top') ? y <= size : y >= viewport.height - size;
  return left && top;
}

export interface ExitGestureStep {
  state: ExitGestureState;
  /** The gesture is complete: show the PIN pad. The state is back to its start. */
  detected: boolean;
}

/**
 * One step of the staff-exit recogniser. A hold counts only while the same single pointer stays
 * inside the corner: moving out, a second finger, a cancel, or time running backwards start over.
 * Taps count only when short and inside the corner; a press anywhere else forgets them, so
 * customers tapping about the screen never add up to an exit.
 */
export function reduceExitGesture(
  state: ExitGestureState,
  event: PressEvent,
  viewport: Viewport,
  config: ExitGestureConfig = DEFAULT_EXIT_GESTURE,
): ExitGestureStep {
  const idle = (at: number): ExitGestureStep => ({
    state: { press: null, taps: [], lastAt: at },
    detected: false,
  });
  const detected = (at: number): ExitGestureStep => ({
    state: { press: null, taps: [], lastAt: at },
    detected: true,
  });
  if (!Number.isFinite(event.at) || event.at < state.lastAt)
    return idle(Number.isFinite(event.at) ? event.at : 0);
  const at = event.at;
  const holdDone = (press: ExitGestureState['press']) =>
    press !== null && config.holdMs !== null && at - press.downAt >= config.holdMs;
  const recentTaps = config.taps ? state.taps.filter((t) => at - t <= (config.taps?.withinMs ?? 0)) : [];

  switch (event.type) {
    case 'tick':
      return holdDone(state.press) ? detected(at) : { state: { ...state, lastAt: at }, detected: false };
    case 'down': {
      const inside = inExitRegion(event.x, event.y, viewport, config);
      if (state.press !== null || !inside) return idle(at); // a second finger, or a press elsewhere
      return {
        state: { press: { pointerId: event.pointerId, downAt: at }, taps: recentTaps, lastAt: at },
        detected: false,
      };
    }
    case 'move': {
      if (state.press === null || event.pointerId !== state.press.pointerId)
        return { state: { ...state, lastAt: at }, detected: false };
      if (!inExitRegion(event.x, event.y, viewport, config)) return idle(at);
      return holdDone(state.press) ? detected(at) : { state: { ...state, lastAt: at }, detected: false };
    }
    case 'up': {
      if (state.press === null || event.pointerId !== state.press.pointerId) return idle(at);
      if (!inExitRegion(event.x, event.y, viewport, config)) return idle(at);
      if (holdDone(state.press)) return detected(at);
      const taps = config.taps;
      if (taps === null || at - state.press.downAt > taps.maxTapMs) return idle(at);
      const counted = [...recentTaps, at];
      if (counted.length >= taps.count) return detected(at);
      return { state: { press: null, taps: counted, lastAt: at }, detected: false };
    }
    case 'cancel':
      return idle(at);
  }
}

/** When a `tick` must be sent for a hold in progress to complete, or null when none is. */
export function exitGestureDueAt(
  state: ExitGestureState,
  config: ExitGestureConfig = DEFAULT_EXIT_GESTURE,
): number | null {
  return state.press !== null && config.holdMs !== null ? state.press.downAt + config.holdMs : null;
}

// ---------------------------------------------------------------------------------------------
// Page rules

/**
 * The page rules the renderer applies on the kiosk's app pages (the hosted flow is Stripe's page:
 * only main's key and wheel rules reach it). CSS first, then the DOM listeners, each with why.
 */
export const KIOSK_PAGE_RULES = Object.freeze({
  css: `
/* Nothing to select on a kiosk screen: a long press would otherwise select text and offer a menu. */
html, body { user-select: none; -webkit-user-select: none; -webkit-touch-callout: none; }
/* Except where the customer or staff type. */
input, textarea, [contenteditable="true"] { user-select: text; -webkit-user-select: text; }
/* Pan and tap, never pinch-zoom or double-tap zoom. */
html, body { touch-action: pan-x pan-y; }
/* Images and links cannot be dragged out (or into another app). */
img, a { -webkit-user-drag: none; }
`.trim(),
  dom: [
    {
      event: 'contextmenu',
      target: 'window',
      action: 'preventDefault',
      why: 'no context menu (a long press on touch screens opens one too)',
    },
    {
      event: 'dragstart',
      target: 'window',
      action: 'preventDefault',
      why: 'nothing on the page can be dragged',
    },
    {
      event: 'dragover',
      target: 'window',
      action: 'preventDefault, dropEffect = "none"',
      why: 'files and links dragged in are refused',
    },
    {
      event: 'drop',
      target: 'window',
      action: 'preventDefault',
      why: 'a dropped file or link is never opened',
    },
    {
      event: 'wheel',
      target: 'window',
      options: '{ passive: false }',
      action: 'preventDefault when blockedWheel() blocks (ctrlKey)',
      why: 'Ctrl+wheel and trackpad pinch zoom',
    },
    {
      event: 'selectstart',
      target: 'window',
      action: 'preventDefault unless the target is an input, textarea or contenteditable',
      why: 'the CSS rule, for pages that set their own user-select',
    },
  ],
} as const);
