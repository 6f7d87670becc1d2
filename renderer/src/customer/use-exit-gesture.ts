/**
 * Feeds the page's pointer events to the staff-exit gesture (contract/kiosk-page.ts) and says
 * when it completes: a press held in the top-left corner, or taps there. The hold completes
 * while the finger is still down, so a timer sends the `tick` at the moment it is due.
 */
import { useEffect, useRef } from 'react';
import {
  exitGestureDueAt,
  INITIAL_EXIT_GESTURE,
  reduceExitGesture,
  type PressEvent,
} from '../../../contract/kiosk-page.ts';

export function useExitGesture(enabled: boolean, onDetected: () => void): void {
  const detected = useRef(onDetected);
  useEffect(() => {
    detected.current = onDetected;
  }, [onDetected]);

  useEffect(() => {
    if (!enabled) return;
    let state = INITIAL_EXIT_GESTURE;
    let timer: number | null = null;
    const viewport = () => ({ width: window.innerWidth, height: window.innerHeight });
    const step = (event: PressEvent) => {
      const next = reduceExitGesture(state, event, viewport());
      state = next.state;
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      if (next.detected) {
        detected.current();
        return;
      }
      const due = exitGestureDueAt(state);
      if (due !== null) {
        timer = window.setTimeout(
          () => step({ type: 'tick', at: performance.now() }),
          Math.max(0, due - event.at),
        );
      }
    };
    const kinds = {
      pointerdown: 'down',
      pointermove: 'move',
      pointerup: 'up',
      pointercancel: 'cancel',
    } as const;
    const listener = (e: PointerEvent) => {
      const type = kinds[e.type as keyof typeof kinds];
      step({ type, pointerId: e.pointerId, x: e.clientX, y: e.clientY, at: performance.now() });
    };
    for (const name of Object.keys(kinds)) window.addEventListener(name, listener as EventListener, true);
    return () => {
      for (const name of Object.keys(kinds))
        window.removeEventListener(name, listener as EventListener, true);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [enabled]);
}
