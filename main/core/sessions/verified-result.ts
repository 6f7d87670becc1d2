/**
 * The verified result on demand, read the way Stripe's "Access verification results" allows:
 * names, address, ID number type, email and phone with the secret key; the sensitive results
 * (date of birth, ID number) only with a restricted key, and only within 48 hours of the
 * verification unless the key is IP-restricted (docs/simulator.md, "Which key reads what").
 *
 * What the key in use may not read is not an error for the whole result: each sensitive field
 * that is missing is listed in `withheld` with the reason, and the rest is shown.
 */
import { CountersignError } from '../../../contract/errors.ts';
import {
  RESTRICTED_KEY_WINDOW_MS,
  type SensitiveResult,
  type VerifiedResult,
  type WithheldReason,
} from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Gateway, VerificationSession } from '../stripe/index.ts';

type Outputs = NonNullable<VerificationSession['verified_outputs']>;

export async function readVerifiedResult(
  sessionId: string,
  gateway: Gateway,
  sensitiveGateway: Gateway | null,
  clock: Clock,
): Promise<VerifiedResult> {
  const session = await gateway.retrieveSession(sessionId, ['verified_outputs', 'last_verification_report']);
  if (session.redaction) {
    throw new CountersignError('invalid_state', 'This verification was redacted: its result is gone.', {
      text: { id: 'result_redacted', params: {} },
    });
  }
  if (session.status !== 'verified' || !session.verified_outputs) {
    throw new CountersignError('invalid_state', 'There is no verified result for this session.', {
      text: { id: 'no_verified_result', params: {} },
    });
  }
  const out = session.verified_outputs;
  // Every verified session has a date of birth; an ID number only when one was checked.
  const fields: SensitiveResult[] = out.id_number_type ? ['dob', 'idNumber'] : ['dob'];
  const sensitive = await readSensitive(session, fields, sensitiveGateway, clock);
  const dob = sensitive.outputs?.dob;
  return {
    firstName: out.first_name ?? null,
    lastName: out.last_name ?? null,
    dob: dob && dob.day && dob.month && dob.year ? { day: dob.day, month: dob.month, year: dob.year } : null,
    address: out.address
      ? {
          line1: out.address.line1 ?? null,
          line2: out.address.line2 ?? null,
          city: out.address.city ?? null,
          state: out.address.state ?? null,
          postal_code: out.address.postal_code ?? null,
          country: out.address.country ?? null,
        }
      : null,
    idNumberType: out.id_number_type ?? null,
    idNumber: sensitive.outputs?.id_number ?? null,
    email: out.email ?? null,
    phone: out.phone ?? null,
    sensitiveKey: sensitiveGateway ? 'restricted' : null,
    revealedBy: null,
    withheld:
      sensitive.withheld === null ? [] : fields.map((field) => ({ field, reason: sensitive.withheld! })),
    fetchedAt: clock.now(),
  };
}

/** The sensitive fields through the restricted key, or why they cannot be read. */
async function readSensitive(
  session: VerificationSession,
  fields: readonly SensitiveResult[],
  sensitiveGateway: Gateway | null,
  clock: Clock,
): Promise<{ outputs: Outputs | null; withheld: WithheldReason | null }> {
  // A secret key gets Stripe's 403 for these: not asked at all.
  if (!sensitiveGateway) return { outputs: null, withheld: 'secret_key_only' };
  const expand = fields.map((f) => (f === 'dob' ? 'verified_outputs.dob' : 'verified_outputs.id_number'));
  try {
    const read = await sensitiveGateway.retrieveSession(session.id, expand);
    return { outputs: read.verified_outputs ?? null, withheld: null };
  } catch (error) {
    if (error instanceof CountersignError && error.code === 'stripe_permission') {
      // Stripe's refusal does not say which rule it applied; the verification's age does.
      return {
        outputs: null,
        withheld: pastWindow(session, clock) ? 'past_48_hours' : 'restricted_key_refused',
      };
    }
    return { outputs: null, withheld: 'unavailable' };
  }
}

/** Whether the verification was processed more than 48 hours ago (its report's creation). */
function pastWindow(session: VerificationSession, clock: Clock): boolean {
  const report = session.last_verification_report;
  if (!report || typeof report === 'string') return false;
  return clock.now() - report.created * 1000 > RESTRICTED_KEY_WINDOW_MS;
}
