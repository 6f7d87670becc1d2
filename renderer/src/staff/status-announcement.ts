/**
 * What the staff window's live region says about today's verifications (pure, so it is
 * unit-tested without React): the sessions whose state changed since they were last seen.
 * Sessions seen for the first time (the list loading, a verification just started here) are not
 * news.
 */
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from './today-list.ts';
import { i18n } from '../shared/i18n/index.ts';
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

/** "Order 12: Verified" for each change, in one sentence (「注文12：確認済み」, joined by 、 in Japanese). */
export function announce(changed: readonly SessionView[]): string {
  return changed
    .map((s) =>
      i18n.t('staff:announce.item', {
        reference: s.reference || s.id || '',
        state: stateLabel(sessionState(s)),
      }),
    )
    .join(i18n.t('staff:announce.separator'));
}
