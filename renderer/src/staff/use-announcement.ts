/**
 * What the staff window's live region says about today's verifications: the last change of a
 * session's state ("Order 12: Verified"), so a clerk who is not looking at the list still hears
 * it. Sessions seen for the first time (the list loading, a verification just started here) say
 * nothing: only a change is news.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from '../hooks.ts';
import { sessionState, STATE_LABELS, type SessionState } from '../session-state.ts';

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

export function useStatusAnnouncement(sessions: readonly SessionView[]): string {
  const seen = useRef<ReadonlyMap<string, SessionState>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const { changed, now } = stateChanges(seen.current, sessions);
    seen.current = now;
    if (changed.length === 0) return;
    setAnnouncement(
      changed.map((s) => `${s.reference || s.id || ''}: ${STATE_LABELS[sessionState(s)]}`).join('; '),
    );
  }, [sessions]);
  return announcement;
}
