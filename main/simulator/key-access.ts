/**
 * Which key may read which verification result, as Stripe's "Access verification results"
 * guide lays it out (docs.stripe.com/identity/access-verification-results; in Japanese
 * 「確認結果へのアクセス」):
 *
 * - a secret key reads most results: the check's status, names, address, document type,
 *   issuing country, issued date, the type of ID number, email and phone;
 * - the sensitive ones need a restricted key: date of birth, the document's expiration date and
 *   number, the ID number (and the document and face images, which the simulator does not
 *   serve). In the API they are the expandable fields below;
 * - a restricted key reads them for verifications processed in the last 48 hours; an
 *   IP-restricted key for every verification.
 *
 * A secret key asking for a sensitive field gets Stripe's 403 (stripe-node raises
 * StripePermissionError) with the message Stripe sends, as quoted in dj-stripe issue #2111.
 * A restricted key past its 48 hours gets the same status; that message is the simulator's own
 * (Stripe's wording for it was not found).
 */
import { RESTRICTED_KEY_WINDOW_MS } from '../../contract/ipc-schemas.ts';
import { ApiError } from './stripe-errors.ts';

/** What the key of a request is: the secret key, a restricted key, or an IP-restricted one. */
export type KeyAccess = 'secret' | 'restricted' | 'restricted_ip';

/** The session fields only a restricted key may expand. */
export const SENSITIVE_SESSION_FIELDS: readonly string[] = [
  'verified_outputs.dob',
  'verified_outputs.id_number',
];

/** The report fields only a restricted key may expand. */
export const SENSITIVE_REPORT_FIELDS: readonly string[] = [
  'document.dob',
  'document.expiration_date',
  'document.number',
  'id_number.dob',
  'id_number.id_number',
];

export { RESTRICTED_KEY_WINDOW_MS };

const SECRET_KEY_MESSAGE =
  'To access sensitive verification results, configure a restricted API key with appropriate permissions. ' +
  'Learn more here: https://stripe.com/docs/identity/access-verification-results.';

const WINDOW_MESSAGE =
  'This restricted API key can access sensitive verification results only for verifications processed in the ' +
  'last 48 hours. Add IP restrictions to the key for older verifications. ' +
  'Learn more here: https://stripe.com/docs/identity/access-verification-results.';

/**
 * Throws Stripe's 403 when `expand` asks for a sensitive field the key may not read.
 * `processedAtSeconds` is when the verification was processed (its report's `created`), null
 * while nothing was processed yet.
 */
export function checkSensitiveAccess(
  expand: ReadonlySet<string>,
  sensitive: readonly string[],
  access: KeyAccess,
  processedAtSeconds: number | null,
  nowMs: number,
): void {
  if (![...expand].some((field) => sensitive.includes(field))) return;
  if (access === 'secret') throw new ApiError(403, 'invalid_request_error', SECRET_KEY_MESSAGE);
  if (access === 'restricted_ip' || processedAtSeconds === null) return;
  if (nowMs - processedAtSeconds * 1000 > RESTRICTED_KEY_WINDOW_MS) {
    throw new ApiError(403, 'invalid_request_error', WINDOW_MESSAGE);
  }
}
