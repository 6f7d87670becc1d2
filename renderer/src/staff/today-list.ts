/** Pure rules of the live session list, shared by the hook and its unit test. */
import type { SessionView } from '../../../contract/ipc.ts';

/** A session's identity in the list: Stripe's id does not exist yet while it is queued. */
export function sessionKey(s: SessionView): string {
  return s.clientReferenceId !== '' ? s.clientReferenceId : (s.id ?? '');
}

export function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

/** Puts an updated session in the list (newest first), replacing the entry it updates. */
export function mergeSession(list: readonly SessionView[], next: SessionView): SessionView[] {
  const key = sessionKey(next);
  const at = list.findIndex((s) => sessionKey(s) === key || (next.id !== null && s.id === next.id));
  if (at === -1) return [next, ...list];
  const copy = list.slice();
  copy[at] = next;
  return copy;
}
