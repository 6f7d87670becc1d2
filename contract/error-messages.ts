/**
 * What a core error says, as an id with typed params, so each window can say it in its own
 * language (`common:error.text.<id>`) as specifically as the core's English message does. The
 * core still writes that English message (logs, diagnostics); the id travels beside it on the
 * error (`CountersignError.text`, `ErrorPayload.text`).
 *
 * Params are safe facts only: a number, a host, an HTTP status, a reason from a fixed list.
 * Never a secret, a url, a key, personal data or a message from elsewhere.
 *
 * One list: `ERROR_TEXT_PARAMS` names every id with its params; the ids, the schema and the type
 * all derive from it.
 */
import { z } from 'zod';
import { PIN_DIGITS } from './kiosk.ts';

const none = z.object({}).strict();
/** A host as `hubHost` gives it (name or address, maybe a port): never a path or a query. */
const host = z.string().regex(/^[A-Za-z0-9.:[\]-]{1,260}$/);
const httpStatus = z.number().int().min(100).max(599);

/** Why a PIN of the right length is refused (kiosk-pin.ts `trivialPinReason`). */
export const TRIVIAL_PIN_REASONS = ['repeated_digit', 'run', 'repeated_pattern', 'common'] as const;
export type TrivialPinReason = (typeof TRIVIAL_PIN_REASONS)[number];

/** The session states a retry is refused in, by what staff should do next. */
export const RETRY_REFUSALS = ['processing', 'verified', 'canceled', 'other'] as const;

/** Which part of a pasted Stripe key gave it away as not a secret key. */
export const KEY_PROBLEMS = ['missing', 'publishable', 'webhook_secret', 'shape'] as const;

/** Why the disk refused a write. */
export const WRITE_REFUSALS = ['disk_full', 'permission', 'refused'] as const;

export const ERROR_TEXT_PARAMS = {
  // --- sessions
  session_no_link: none,
  retry_refused: z.object({ status: z.enum(RETRY_REFUSALS) }).strict(),
  attempts_exhausted: z.object({ attempts: z.number().int().min(0).max(1000) }).strict(),
  handing_out: none,
  result_redacted: none,
  no_verified_result: none,
  cancel_refused: none,
  redact_refused: none,
  record_missing: none,
  // --- customer screen and kiosk
  screen_busy: none,
  staff_starts: none,
  nothing_to_retry: none,
  not_a_kiosk: none,
  pin_digits_only: none,
  pin_length: z
    .object({ min: z.number().int().min(1).max(99), max: z.number().int().min(1).max(99) })
    .strict(),
  pin_too_easy: z.object({ reason: z.enum(TRIVIAL_PIN_REASONS) }).strict(),
  pin_not_set: none,
  /** The wait as the English message says it: in seconds under a minute, else in minutes. */
  pin_locked: z
    .object({ wait: z.number().int().min(1).max(1_000_000), unit: z.enum(['seconds', 'minutes']) })
    .strict(),
  // --- queued creations (outbox)
  queued_already_sent: none,
  queued_missing: none,
  queued_in_flight: none,
  queued_unsealable: none,
  // --- Countersign Hub
  hub_unreachable: z.object({ host }).strict(),
  hub_busy: z.object({ host, status: httpStatus }).strict(),
  hub_not_a_hub: z.object({ host, status: httpStatus }).strict(),
  hub_code_refused: none,
  hub_revoked: none,
  hub_token_unreadable: none,
  // --- keychain and Stripe key
  keychain_unavailable: none,
  keychain_unavailable_key: none,
  keychain_unavailable_hub: none,
  keychain_locked: none,
  keychain_refused: none,
  key_malformed: z.object({ problem: z.enum(KEY_PROBLEMS) }).strict(),
  stored_key_malformed: none,
  restricted_key_expected: none,
  restricted_key_other_mode: none,
  // --- Stripe
  stripe_key_refused: none,
  stripe_key_not_permitted: none,
  stripe_rate_limited: none,
  stripe_idempotency_in_progress: none,
  stripe_idempotency_mismatch: none,
  stripe_unreachable: none,
  stripe_session_missing: none,
  stripe_failed: none,
  stripe_unexpected: none,
  // --- staff sign-in and roles
  staff_sign_in_needed: none,
  staff_role_needed: none,
  staff_unknown_member: none,
  staff_need_manager: none,
  staff_recovery_none: none,
  staff_recovery_not_manager: none,
  staff_managed_by_hub: none,
  reveal_reason_needed: none,
  manual_last_digits: none,
  // --- files on this computer and settings
  store_cannot_open: none,
  store_damaged_in_use: none,
  store_write_failed: z.object({ reason: z.enum(WRITE_REFUSALS) }).strict(),
  settings_fast_slower: none,
  settings_return_url: none,
  settings_invalid: none,
  settings_managed: none,
} as const;

export type ErrorTextId = keyof typeof ERROR_TEXT_PARAMS;
export const ERROR_TEXT_IDS = Object.keys(ERROR_TEXT_PARAMS) as ErrorTextId[];

/** An id with exactly its own params. */
export type ErrorText = {
  [I in ErrorTextId]: { id: I; params: z.output<(typeof ERROR_TEXT_PARAMS)[I]> };
}[ErrorTextId];

const [firstId, ...otherIds] = ERROR_TEXT_IDS.map((id) =>
  z.object({ id: z.literal(id), params: ERROR_TEXT_PARAMS[id] }).strict(),
);
/** An error's text as it crosses IPC: each id with exactly its own params. */
export const errorTextSchema = z.discriminatedUnion('id', [
  firstId!,
  ...otherIds,
]) as unknown as z.ZodType<ErrorText>;

/**
 * The text of a refused field, for the fields whose name says what is wrong (a PIN of the wrong
 * form, a return address, the intervals' order); undefined for the rest, which keep the code's
 * general text. `issue` is zod's issue code (`custom` for a cross-field rule).
 */
export function fieldProblemText(field: string, issue: string): ErrorText | undefined {
  if (field === 'pin') return { id: 'pin_length', params: { min: PIN_DIGITS.min, max: PIN_DIGITS.max } };
  if (field === 'returnUrl') return { id: 'settings_return_url', params: {} };
  if (field === 'lastDigits') return { id: 'manual_last_digits', params: {} };
  if (field === 'fastIntervalMs' && issue === 'custom') return { id: 'settings_fast_slower', params: {} };
  return undefined;
}

/** The param names each id's catalogue text must use (the catalogue test checks them). */
export function errorTextParamNames(id: ErrorTextId): string[] {
  return Object.keys(ERROR_TEXT_PARAMS[id].shape).sort();
}
