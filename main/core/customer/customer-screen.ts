/**
 * The customer screen as main keeps it: the pure state machine of customer-flow.ts, plus the one
 * idle timer that takes the screen back to welcome, plus the three app facts the customer window
 * may know (whether Stripe answers, whether this is a kiosk, the station's language). Every change is announced once.
 */
import type { CustomerScreen, Language } from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import {
  INITIAL_CUSTOMER_STATE,
  idleResetAt,
  reduceCustomerFlow,
  type CustomerFlowAction,
  type CustomerFlowState,
} from './customer-flow.ts';

export interface CustomerScreenOptions {
  clock: Clock;
  kiosk: boolean;
  idleResetSeconds: () => number;
  online: () => boolean;
  /** The station's language (from settings), the customer screen's default. */
  language: () => Language;
  /** The languages the customer may pick (the hub's policy), or null for every one. */
  languagesOffered?: () => readonly Language[] | null;
  /**
   * Kiosk: screens whose time out is the walk-away's (walk-away.ts), not this idle reset, so a
   * session left waiting is canceled rather than just hidden.
   */
  heldByWalkAway?: (screen: CustomerScreen['screen']) => boolean;
  onChange: (screen: CustomerScreen) => void;
}

export interface CustomerScreenModel {
  screen(): CustomerScreen;
  /** The session on screen (main's own knowledge; never sent to the window). */
  sessionId(): string | null;
  dispatch(action: CustomerFlowAction): void;
  /** Back to welcome, announced even if it already was (a new backend, a new customer). */
  reset(): void;
  /** The idle time or the connectivity changed: re-arm the timer, tell the window. */
  refresh(): void;
  close(): void;
}

export function createCustomerScreen(options: CustomerScreenOptions): CustomerScreenModel {
  const { clock } = options;
  let state: CustomerFlowState = { ...INITIAL_CUSTOMER_STATE, since: clock.now() };
  let timer: unknown = null;
  let lastSent: string | null = null;

  const offered = (): { languages?: Language[] } => {
    const languages = options.languagesOffered?.();
    return languages ? { languages: [...languages] } : {};
  };
  const screen = (): CustomerScreen => ({
    screen: state.screen,
    qrSvg: state.qrSvg,
    errorCode: state.errorCode,
    attemptsLeft: state.attemptsLeft,
    idleResetSeconds: options.idleResetSeconds(),
    online: options.online(),
    kiosk: options.kiosk,
    language: options.language(),
    chosenLanguage: state.language,
    ...offered(),
  });

  const announce = (force: boolean) => {
    const next = screen();
    const key = JSON.stringify(next);
    if (!force && key === lastSent) return;
    lastSent = key;
    options.onChange(next);
  };

  const arm = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (options.heldByWalkAway?.(state.screen)) return;
    const at = idleResetAt(state, options.idleResetSeconds());
    if (at === null) return;
    timer = clock.setTimeout(
      () => {
        timer = null;
        dispatch({ type: 'idle' });
      },
      Math.max(0, at - clock.now()),
    );
    (timer as { unref?: () => void } | null)?.unref?.();
  };

  const dispatch = (action: CustomerFlowAction) => {
    const next = reduceCustomerFlow(state, action, clock.now());
    if (next === state) return;
    state = next;
    arm();
    announce(false);
  };

  return {
    screen,
    sessionId: () => state.sessionId,
    dispatch,
    reset() {
      state = { ...INITIAL_CUSTOMER_STATE, since: clock.now() };
      arm();
      announce(true);
    },
    refresh() {
      arm();
      announce(false);
    },
    close() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
