/**
 * What the staff window's live region says about today's verifications (pure, so it is
 * unit-tested without React): the sessions whose state changed since they were last seen.
 * Sessions seen for the first time (the list loading, a verification just started here) are not
 * news.
 */
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from './today-list.ts';
import { sessionState, stateLabel, type SessionState } from './clerk-session-state.ts';

/** The sessions whose state differs from the one last seen, and the states seen now. */
export function stateChanges(
  seen: ReadonlyMap<string, SessionState>,
  sessions: readonly SessionView[],
): { changed: SessionView[]; now: Map<string, SessionState> } {
  const now = new Map<string, SessionState>();
  const changed: SessionView[] = [];
  for (const s of sessions) {
    const key = sessionKey(s);
    const state = sessionState(s);
    now.set(key, state);
    const before = seen.get(key);
    if (before !== undefined && before !== state) changed.push(s);
  }
  return { changed, now };
}

/** "Order 12: Verified" for each change, in one sentence. */
export function announce(changed: readonly SessionView[]): string {
  return changed.map((s) => `${s.reference || s.id || ''}: ${stateLabel(sessionState(s))}`).join('; ');
}
