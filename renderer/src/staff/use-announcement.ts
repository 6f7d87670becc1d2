/**
 * The last change of a session's state, for the staff window's live region ("Order 12:
 * Verified"), so a clerk who is not looking at the list still hears it.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../../contract/ipc.ts';
import type { SessionState } from './clerk-session-state.ts';
import { announce, stateChanges } from './status-announcement.ts';

export function useStatusAnnouncement(sessions: readonly SessionView[]): string {
  const seen = useRef<ReadonlyMap<string, SessionState>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const { changed, now } = stateChanges(seen.current, sessions);
    seen.current = now;
    if (changed.length > 0) setAnnouncement(announce(changed));
  }, [sessions]);
  return announcement;
}
