/**
 * What a verification is, for a clerk: one of a few distinct states, read from what the session
 * view carries (Stripe's status alone says "requires_input" for a new session, a failed check
 * and a customer who left alike). Pure, shared by Today, the detail and History.
 */
import type { SessionView } from '../../contract/ipc.ts';
import { sessionPhase } from '../../contract/session-status.ts';

export type SessionState =
  | 'queued'
  | 'new'
  | 'failed'
  | 'abandoned'
  | 'no_attempts_left'
  | 'checking'
  | 'verified'
  | 'canceled'
  | 'withdrawn'
  | 'not_created';

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
  }
}

export const STATE_LABELS: Readonly<Record<SessionState, string>> = {
  queued: 'Queued (offline)',
  new: 'Not submitted yet',
  failed: 'Check failed',
  abandoned: 'Customer left',
  no_attempts_left: 'Failed, no attempts left',
  checking: 'Checking',
  verified: 'Verified',
  canceled: 'Canceled',
  withdrawn: 'Withdrawn before sending',
  not_created: 'Could not be created',
};

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

export const GROUP_LABELS: Readonly<Record<SessionGroup | 'all', string>> = {
  all: 'All',
  active: 'Active',
  attention: 'Needs attention',
  done: 'Done',
};

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
    ? `no attempt yet (up to ${s.maxAttempts})`
    : `attempt ${s.attempts} of ${s.maxAttempts}`;
}
