/**
 * What a verification is, for a clerk: one of a few distinct states, read from what the session
 * view carries (Stripe's status alone says "requires_input" for a new session, a failed check
 * and a customer who left alike). Pure, shared by Today, the detail and History.
 */
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionPhase } from '../../../contract/session-status.ts';
import { i18n } from '../shared/i18n/index.ts';

export const SESSION_STATES = [
  'queued',
  'new',
  'failed',
  'abandoned',
  'no_attempts_left',
  'checking',
  'verified',
  'canceled',
  'withdrawn',
  'not_created',
  'checked_by_staff',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** The three groups Today filters by. */
export type SessionGroup = 'active' | 'attention' | 'done';

export type StateFacts = Pick<SessionView, 'status' | 'lastErrorCode' | 'attempts' | 'maxAttempts'> &
  Partial<Pick<SessionView, 'redacted'>>;

/**
 * The contract's one derivation (`sessionPhase`), plus the one thing a clerk needs on top: a
 * failed try with no attempts left needs staff, not the customer.
 */
export function sessionState(s: StateFacts): SessionState {
  const noneLeft = s.attempts >= s.maxAttempts;
  switch (sessionPhase({ ...s, redacted: false })) {
    case 'queued':
    case 'checking_creation':
      return 'queued';
    case 'new':
    case 'in_flow':
      return 'new';
    case 'failed_check':
      return noneLeft ? 'no_attempts_left' : 'failed';
    case 'abandoned':
      return noneLeft ? 'no_attempts_left' : 'abandoned';
    case 'processing':
      return 'checking';
    case 'verified':
    case 'redacted':
      return 'verified';
    case 'canceled':
      return 'canceled';
    case 'withdrawn':
      return 'withdrawn';
    case 'not_created':
      return 'not_created';
    case 'checked_by_staff':
      return 'checked_by_staff';
  }
}

/** The catalogue key of each state's label (the catalogue test checks every one). */
export const STATE_LABEL_KEYS = Object.fromEntries(
  SESSION_STATES.map((s) => [s, `staff:state.${s}`]),
) as Readonly<Record<SessionState, string>>;

export function stateLabel(state: SessionState): string {
  return i18n.t(STATE_LABEL_KEYS[state]);
}

export function stateGroup(state: SessionState): SessionGroup {
  switch (state) {
    case 'queued':
    case 'new':
    case 'checking':
      return 'active';
    case 'failed':
    case 'abandoned':
    case 'no_attempts_left':
    case 'not_created':
      return 'attention';
    case 'verified':
    case 'canceled':
    case 'withdrawn':
    case 'checked_by_staff':
      return 'done';
  }
}

/** A CSS class per state: the colour is never the only signal (the label is always shown). */
export function stateTone(state: SessionState): 'ok' | 'warn' | 'bad' | 'neutral' | 'info' {
  if (state === 'verified') return 'ok';
  if (stateGroup(state) === 'attention') return 'bad';
  if (state === 'queued') return 'warn';
  if (state === 'new' || state === 'checking') return 'info';
  return 'neutral';
}

export const GROUP_LABEL_KEYS: Readonly<Record<SessionGroup | 'all', string>> = {
  all: 'staff:group.all',
  active: 'staff:group.active',
  attention: 'staff:group.attention',
  done: 'staff:group.done',
};

export function groupLabel(group: SessionGroup | 'all'): string {
  return i18n.t(GROUP_LABEL_KEYS[group]);
}

/**
 * The timeline as staff read it: one line per step. A step the core reports twice in a row (a
 * cancel seen from both the answer and the event) or a second "created" (a queued creation
 * recorded, then found again) is shown once.
 */
export function timelineSteps<T extends { type: string; at: number }>(timeline: readonly T[]): T[] {
  const last = (t: string) => t.split('.').pop() ?? t;
  const steps: T[] = [];
  for (const entry of timeline) {
    const kind = last(entry.type);
    const previous = steps.at(-1);
    if (previous && last(previous.type) === kind) continue;
    if (kind === 'created' && steps.some((s) => last(s.type) === 'created')) continue;
    steps.push(entry);
  }
  return steps;
}

/** "attempt 2 of 3", or that none has been made yet (never "attempt 0 of 3"). */
export function attemptText(s: Pick<SessionView, 'attempts' | 'maxAttempts'>): string {
  return s.attempts === 0
    ? i18n.t('staff:attempt.none', { max: s.maxAttempts })
    : i18n.t('staff:attempt.count', { n: s.attempts, max: s.maxAttempts });
}
