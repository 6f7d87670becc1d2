/**
 * A customer who walks away from a kiosk mid-flow: the decision (pure, time as an argument) and
 * the one timer that carries it out. After the walk-away time without input, the screen goes
 * back to welcome and a session still waiting for the customer (`requires_input`) is canceled, so
 * the next person cannot continue it; its timeline and the kiosk journal say why
 * (`customer_walked_away`). Input is what main sees on the customer window (`input-event`, also on
 * Stripe's page) or, in the harness, the customer page's own requests; a new screen counts as
 * input too (the customer just got something new to read).
 */
import {
  DEFAULT_WALK_AWAY_SECONDS,
  WALK_AWAY_CANCEL_REASON,
  type CustomerScreenName,
  type SessionStatus,
} from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import type { CustomerScreenModel } from '../customer/index.ts';
import type { Logger } from '../../../base/logger.ts';

export { DEFAULT_WALK_AWAY_SECONDS, WALK_AWAY_CANCEL_REASON };

export interface WalkAwayScreen {
  screen: CustomerScreenName;
  /** The status of the session on screen, or null when there is none. */
  sessionStatus: SessionStatus | null;
}

export type WalkAwayDecision =
  | { action: 'none'; reason: 'not_in_flow' | 'checking' | 'disabled' }
  | { action: 'wait'; until: number }
  | { action: 'reset'; cancel: null | typeof WALK_AWAY_CANCEL_REASON; reason?: 'handoff_in_progress' };

/**
 * What the kiosk does about a customer who has stopped touching it. Nothing on welcome, and
 * nothing while Stripe checks what was submitted (`checking`: the result is on its way). After
 * `idleSeconds` without input the screen goes back to welcome, and a session still waiting for
 * the customer (`requires_input`) is canceled so the next person cannot continue it, except
 * after a hand-over by QR code: the customer may be finishing on their own phone, which the
 * kiosk does not see. `idleSeconds` of 0 turns the walk-away off.
 */
export function walkAwayDecision(
  screen: WalkAwayScreen,
  lastActivityAt: number,
  now: number,
  idleSeconds: number,
): WalkAwayDecision {
  if (screen.screen === 'welcome') return { action: 'none', reason: 'not_in_flow' };
  if (screen.screen === 'checking') return { action: 'none', reason: 'checking' };
  if (!(idleSeconds > 0)) return { action: 'none', reason: 'disabled' };
  // Activity "in the future" (the wall clock was set back) counts as now: wait the full time.
  const since = Math.min(lastActivityAt, now);
  const until = since + idleSeconds * 1000;
  if (now < until) return { action: 'wait', until };
  if (screen.screen === 'handoff') return { action: 'reset', cancel: null, reason: 'handoff_in_progress' };
  return {
    action: 'reset',
    cancel: screen.sessionStatus === 'requires_input' ? WALK_AWAY_CANCEL_REASON : null,
  };
}

/**
 * The screens mid-flow the walk-away time governs on a kiosk. The result screens (thank you,
 * stopped, ask staff) keep the shorter idle reset of customer-screen.ts; `checking` waits for
 * Stripe.
 */
export const WALK_AWAY_SCREENS: ReadonlySet<CustomerScreenName> = new Set([
  'in_flow',
  'requires_input',
  'handoff',
]);

export interface WalkAwayOptions {
  clock: Clock;
  customer: CustomerScreenModel;
  idleSeconds: () => number;
  sessionStatus: (sessionId: string) => SessionStatus | null;
  /** Cancels the session for the reason given (timeline first, then Stripe). */
  cancel: (sessionId: string) => Promise<void>;
  /** Recorded in the kiosk journal. */
  walkedAway: (sessionId: string | null, canceled: boolean) => void;
  logger: Logger;
}

export interface WalkAway {
  /** The customer touched the screen (any input on the customer window). */
  noteActivity(): void;
  /** The customer screen changed (announced by customer-screen.ts). */
  screenChanged(screen: CustomerScreenName): void;
  /** The walk-away time changed. */
  refresh(): void;
  close(): void;
}

export function createWalkAway(o: WalkAwayOptions): WalkAway {
  const { clock } = o;
  let lastActivity = clock.now();
  let lastScreen: CustomerScreenName = o.customer.screen().screen;
  let timer: unknown = null;
  let resetting = false;
  let closed = false;

  const clear = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const evaluate = () => {
    clear();
    if (closed || resetting) return;
    const screen = o.customer.screen().screen;
    if (!WALK_AWAY_SCREENS.has(screen)) return;
    const id = o.customer.sessionId();
    const now = clock.now();
    const decision = walkAwayDecision(
      { screen, sessionStatus: id ? o.sessionStatus(id) : null },
      lastActivity,
      now,
      o.idleSeconds(),
    );
    if (decision.action === 'wait') {
      timer = clock.setTimeout(evaluate, Math.max(0, decision.until - now));
      (timer as { unref?: () => void } | null)?.unref?.();
    } else if (decision.action === 'reset') {
      void walkAway(id, decision.cancel !== null);
    }
  };

  const walkAway = async (id: string | null, cancel: boolean) => {
    resetting = true;
    o.logger.info('customer walked away', { session: id ?? 'none', cancel });
    try {
      o.walkedAway(id, cancel && id !== null);
      if (cancel && id !== null) await o.cancel(id);
    } catch (error) {
      // The screen still goes back to welcome: the next customer must not see this one's flow.
      o.logger.warn('walk-away cancel failed', {
        session: id ?? 'none',
        code: (error as { code?: string }).code,
      });
    } finally {
      resetting = false;
      if (!closed) o.customer.reset();
    }
  };

  return {
    noteActivity() {
      lastActivity = clock.now();
    },
    screenChanged(screen) {
      if (screen !== lastScreen) lastActivity = clock.now();
      lastScreen = screen;
      evaluate();
    },
    refresh: evaluate,
    close() {
      closed = true;
      clear();
    },
  };
}
