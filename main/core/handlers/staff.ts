/** staff.*: staff sign-in at the station, its members, and the recovery code's way back. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { AuditFacts } from '../audit/index.ts';
import type { HandlerContext } from './context.ts';

/** How a try with a PIN or the recovery code went, as the trail says it. */
const triedOutcome = (outcome: string): AuditFacts['outcome'] =>
  outcome === 'locked' ? 'locked' : outcome === 'wrong' ? 'wrong_pin' : 'ok';

export function staffHandlers(ctx: HandlerContext): NamespaceHandlers<'staff'> {
  const { staff, audit, staffRecovery } = ctx;
  const write = (facts: Pick<AuditFacts, 'actor' | 'action' | 'outcome' | 'detail'>) =>
    audit.append({ ...facts, sessionId: null, reference: null, reason: null, note: null });
  return {
    'staff.status': async () => staff.status(),
    'staff.signIn': async ({ memberId, pin }) => {
      const result = await staff.signIn(memberId, pin);
      const member = staff.member(memberId);
      // Every try is on the record: who tried, and how it went (never the PIN).
      write({ actor: member, action: 'staff.signIn', outcome: triedOutcome(result.outcome), detail: null });
      return result;
    },
    'staff.signOut': async () => {
      staff.signOut();
      return staff.status();
    },
    'staff.setEnabled': async ({ enabled, idleMinutes }) => {
      const wasOn = staff.enabled();
      const status = staff.setEnabled(enabled, idleMinutes);
      // Turned on without a way back yet: the recovery code is made now and shown this once.
      if (enabled && !wasOn && staffRecovery.status().createdAt === null) {
        return { ...status, recoveryCode: await staffRecovery.issue() };
      }
      return status;
    },
    'staff.addMember': async (member) => staff.addMember(member),
    'staff.removeMember': async ({ id }) => staff.removeMember(id),
    'staff.recoveryStatus': async () => staffRecovery.status(),
    'staff.newRecoveryCode': async () => staffRecovery.issue(),
    'staff.recover': async (args) => {
      // Nobody is signed in to name: the trail says whose PIN was set (never the code or the PIN).
      const manager = args.memberId
        ? (staff.member(args.memberId)?.name ?? null)
        : (args.newManagerName ?? null);
      const detail = manager === null ? null : manager.slice(0, 300);
      try {
        const result = await staffRecovery.recover(args);
        write({ actor: null, action: 'staff.recover', outcome: triedOutcome(result.outcome), detail });
        return result;
      } catch (error) {
        write({ actor: null, action: 'staff.recover', outcome: 'failed', detail });
        throw error;
      }
    },
  };
}
