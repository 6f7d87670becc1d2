/**
 * What the customer screen shows, as a pure state machine. The main process feeds it what
 * happens (staff handed over a session, the customer came back from the hosted flow, the
 * watcher saw a new status, the idle timer ran out) and sends the resulting screen to the
 * customer window. The state holds the session id for main's own use; the screen sent to the
 * window carries no id, no url and no personal data.
 */
import type { CustomerScreenName, Language } from '../../../contract/ipc.ts';
import type { SessionStatus } from '../../../contract/session-status.ts';

export interface CustomerFlowState {
  screen: CustomerScreenName;
  sessionId: string | null;
  /** QR code of the hosted url (handoff to the customer's phone); an image, never the url. */
  qrSvg: string | null;
  errorCode: string | null;
  attemptsLeft: number;
  /** When the screen last changed (ms), for the idle reset. */
  since: number;
  /** The language this customer chose on the kiosk; null: the station's. Forgotten at welcome. */
  language: Language | null;
}

export type CustomerFlowAction =
  | { type: 'present'; sessionId: string; via: 'screen' | 'qr'; qrSvg: string | null; attemptsLeft: number }
  | { type: 'returned'; sessionId: string }
  | {
      type: 'status';
      sessionId: string;
      status: SessionStatus;
      redacted: boolean;
      lastErrorCode: string | null;
      attemptsLeft: number;
    }
  | { type: 'retry_started'; sessionId: string; attemptsLeft: number }
  | { type: 'done' }
  | { type: 'idle' }
  | { type: 'language'; language: Language };

export const INITIAL_CUSTOMER_STATE: CustomerFlowState = {
  screen: 'welcome',
  sessionId: null,
  qrSvg: null,
  errorCode: null,
  attemptsLeft: 0,
  since: 0,
  language: null,
};

/**
 * Failures another try cannot fix (the person, not the photo, is the problem): the customer is
 * sent to staff straight away instead of being offered "try again".
 */
export const NOT_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'under_supported_age',
  'country_not_supported',
]);

/** Screens that go back to welcome on their own after the idle time. */
const RESETS_WHEN_IDLE: ReadonlySet<CustomerScreenName> = new Set([
  'verified',
  'requires_input',
  'canceled',
  'ask_staff',
  'handoff',
]);

export function reduceCustomerFlow(
  state: CustomerFlowState,
  action: CustomerFlowAction,
  now: number,
): CustomerFlowState {
  const to = (patch: Partial<CustomerFlowState>): CustomerFlowState => ({ ...state, ...patch, since: now });
  switch (action.type) {
    case 'present':
      return to({
        screen: action.via === 'qr' ? 'handoff' : 'in_flow',
        sessionId: action.sessionId,
        qrSvg: action.via === 'qr' ? action.qrSvg : null,
        errorCode: null,
        attemptsLeft: action.attemptsLeft,
      });
    case 'returned':
      if (action.sessionId !== state.sessionId) return state;
      return state.screen === 'in_flow' || state.screen === 'handoff'
        ? to({ screen: 'checking', qrSvg: null })
        : state;
    case 'status': {
      if (action.sessionId !== state.sessionId) return state;
      if (action.redacted) return to({ ...INITIAL_CUSTOMER_STATE });
      switch (action.status) {
        case 'processing':
          return to({ screen: 'checking', qrSvg: null });
        case 'verified':
          return to({ screen: 'verified', qrSvg: null, errorCode: null });
        case 'canceled':
          return to({ screen: 'canceled', qrSvg: null });
        case 'requires_input':
          // No error yet means the session was just created: nothing to tell the customer.
          if (action.lastErrorCode === null) return state;
          return to({
            screen:
              action.attemptsLeft > 0 && !NOT_RETRYABLE_CODES.has(action.lastErrorCode)
                ? 'requires_input'
                : 'ask_staff',
            qrSvg: null,
            errorCode: action.lastErrorCode,
            attemptsLeft: action.attemptsLeft,
          });
        default:
          return state;
      }
    }
    case 'retry_started':
      if (action.sessionId !== state.sessionId) return state;
      return to({ screen: 'in_flow', errorCode: null, attemptsLeft: action.attemptsLeft });
    case 'done':
      // Already on welcome (a kiosk Begin starts with "done"): keep the language just chosen.
      return state.screen === 'welcome' && state.sessionId === null
        ? state
        : to({ ...INITIAL_CUSTOMER_STATE });
    case 'language':
      // Not a new screen: `since` (the idle reset) stays.
      return state.language === action.language ? state : { ...state, language: action.language };
    case 'idle':
      return RESETS_WHEN_IDLE.has(state.screen) || WAITING.has(state.screen)
        ? to({ ...INITIAL_CUSTOMER_STATE })
        : state;
  }
}

/**
 * Screens that wait on something outside the app (the hosted flow, Stripe's check): they go back
 * to welcome too, after a longer time, so no screen can only be left by staff.
 */
export const WAITING_TIMEOUT_MS = 15 * 60 * 1000;
const WAITING: ReadonlySet<CustomerScreenName> = new Set(['in_flow', 'checking']);

/** When the screen goes back to welcome on its own (ms since the epoch), or null if it stays. */
export function idleResetAt(state: CustomerFlowState, idleResetSeconds: number): number | null {
  if (WAITING.has(state.screen)) return state.since + Math.max(WAITING_TIMEOUT_MS, idleResetSeconds * 1000);
  return RESETS_WHEN_IDLE.has(state.screen) ? state.since + idleResetSeconds * 1000 : null;
}
