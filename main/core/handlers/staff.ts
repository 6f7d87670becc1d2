/** staff.*: staff sign-in at the station and its members. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

export function staffHandlers(ctx: HandlerContext): NamespaceHandlers<'staff'> {
  const { staff, audit } = ctx;
  return {
    'staff.status': async () => staff.status(),
    'staff.signIn': async ({ memberId, pin }) => {
      const result = await staff.signIn(memberId, pin);
      const member = staff.member(memberId);
      // Every try is on the record: who tried, and how it went (never the PIN).
      audit.append({
        actor: member,
        action: 'staff.signIn',
        outcome: result.outcome === 'signed_in' ? 'ok' : result.outcome === 'locked' ? 'locked' : 'wrong_pin',
        sessionId: null,
        reference: null,
        reason: null,
        note: null,
        detail: null,
      });
      return result;
    },
    'staff.signOut': async () => {
      staff.signOut();
      return staff.status();
    },
    'staff.setEnabled': async ({ enabled, idleMinutes }) => staff.setEnabled(enabled, idleMinutes),
    'staff.addMember': async (member) => staff.addMember(member),
    'staff.removeMember': async ({ id }) => staff.removeMember(id),
  };
}
