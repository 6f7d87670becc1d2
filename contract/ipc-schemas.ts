/**
 * The values that cross the process boundary, as zod schemas with their types: sessions and
 * history rows, the app's status, settings, the customer screen, the verified result, and the
 * building blocks every method's arguments use. contract/ipc.ts puts them in the contract's
 * table of methods and events, and re-exports them.
 *
 * The renderer imports this file: zod and type-only imports, no Node.
 */
import { z } from 'zod';
import { errorTextSchema } from './error-messages.ts';
import { ERROR_REPORT_BOUNDS } from './bounds.ts';
import { SETTINGS_BOUNDS } from './channels.ts';
import { LANGUAGES } from './languages.ts';
import { storeNoticeSchema } from './notices.ts';
import { SESSION_PHASES, SESSION_STATUSES } from './session-status.ts';
import { manualCheckSchema } from './manual-check.ts';
import { REFERENCE_MAX, SESSION_TYPES } from './start-input.ts';
import { customerLanguageSchema, kioskSettingsFields } from './kiosk.ts';
import { isAllowedUpdateFeedUrl, updateStateSchema } from './updates.ts';

/** The two kinds of app window. The main side knows which is which; the renderer cannot lie. */
export const WINDOW_KINDS = ['staff', 'customer'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Building blocks. Every string is bounded: an IPC message is untrusted input, and a renderer
// that has been compromised must not be able to make main allocate or store without limit. A
// bound on an argument comes first and aborts (`{ abort: true }`): zod otherwise goes on to trim,
// match and refine megabytes it has already refused (test/unit/ipc-raw-bounds.test.ts).
// ---------------------------------------------------------------------------------------------

/** Stripe's VerificationSession id (the simulator uses the same shape). */
export const sessionIdSchema = z.string().regex(/^vs_[A-Za-z0-9]{1,64}$/, 'Not a verification session id.');
/** Countersign's own id for a creation (also Stripe's client_reference_id): a uuid or similar. */
export const clientReferenceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, 'Not a Countersign reference id.');
/** The staff's reference for the customer (order, ticket): same rule as at creation. */
export const referenceSchema = z.string().max(REFERENCE_MAX);
/** Stripe error codes and similar machine words (document_expired, selfie_face_mismatch...). */
export const errorCodeSchema = z.string().regex(/^[a-z0-9_.]{1,100}$/, 'Not an error code.');
/** Milliseconds since the Unix epoch; 0..year 2286 keeps out negatives and NaN. */
export const timestampSchema = z.number().int().min(0).max(9_999_999_999_999);
export const count = z.number().int().min(0).max(1_000_000_000);
export const station = z.string().min(1).max(64);

export const sessionViewSchema = z
  .object({
    /** null while the creation is still queued offline. */
    id: sessionIdSchema.nullable(),
    // Empty for a session created outside Countersign (the Dashboard) that shows up in events.
    clientReferenceId: clientReferenceIdSchema.or(z.literal('')),
    reference: referenceSchema,
    type: z.enum(SESSION_TYPES),
    status: z.enum(SESSION_STATUSES),
    redacted: z.boolean(),
    lastErrorCode: errorCodeSchema.nullable(),
    lastErrorReason: z.string().max(1000).nullable(),
    attempts: count,
    maxAttempts: count,
    created: timestampSchema,
    updated: timestampSchema,
    livemode: z.boolean(),
    /**
     * Where it stands for a clerk (`sessionPhase` in session-status.ts, derived in the core):
     * tells a new session from a failed check, an abandoned flow and one waiting in the flow.
     * Optional only so that older callers stay valid; the core always sends it.
     */
    phase: z.enum(SESSION_PHASES).optional(),
    /** Set for a check by staff without biometrics (status `checked_by_staff`): what was seen. */
    manualCheck: manualCheckSchema.optional(),
  })
  .strict();
export type SessionView = z.output<typeof sessionViewSchema>;

export const historyRowSchema = sessionViewSchema
  .omit({ lastErrorReason: true })
  .extend({ station, redactedAt: timestampSchema.nullable() })
  .strict();
export type HistoryRow = z.output<typeof historyRowSchema>;

// ---------------------------------------------------------------------------------------------
// Countersign Hub (the station side). The station token never crosses this boundary: the
// renderer learns only which hub (its host), which station it was enrolled as, and problems.
// ---------------------------------------------------------------------------------------------

/** Where verifications go: the embedded simulator, Stripe with the stored key, or a hub. */
export const BACKEND_KINDS = ['simulator', 'stripe', 'hub'] as const;
export type BackendKindName = (typeof BACKEND_KINDS)[number];

export const HUB_URL_MAX = 2000;
export const HUB_CODE_MAX = 64;

/**
 * A hub is reached over https, or plain http only on this machine (tests, a hub beside the app).
 * An origin only: the station's Stripe SDK calls the hub's `/v1/…` at its root, so a path
 * prefix could not be honoured.
 */
export function isAllowedHubUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false;
  if (url.pathname !== '/' && url.pathname !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')
  );
}

// `hubUrl`, not `url`: no schema has a field named url (the hosted url's privacy guard).
export const hubConnectArgsSchema = z
  .object({
    hubUrl: z
      .string()
      .max(HUB_URL_MAX, { abort: true })
      .trim()
      .refine(
        isAllowedHubUrl,
        'The hub address must start with https:// (or http://127.0.0.1 / localhost) and have nothing after the host and port.',
      ),
    code: z
      .string()
      .max(HUB_CODE_MAX, { abort: true })
      .trim()
      .regex(/^[\x21-\x7e]{1,64}$/, 'Enter the enrollment code exactly as the hub showed it.'),
  })
  .strict();

/** The hub in use: never the token. `problem` is set when the hub refuses this station. */
export const hubStatusSchema = z
  .object({
    host: z.string().max(300),
    stationName: z.string().max(200),
    store: z.string().max(200),
    kind: z.enum(['counter', 'kiosk']),
    problem: z
      .object({ code: errorCodeSchema, message: z.string().max(500), text: errorTextSchema.optional() })
      .strict()
      .nullable(),
  })
  .strict();
export type HubStatus = z.output<typeof hubStatusSchema>;

export const appStatusSchema = z
  .object({
    backend: z.enum(BACKEND_KINDS),
    /** Set while the backend is a hub (optional only so older callers stay valid). */
    hub: hubStatusSchema.nullable().optional(),
    mode: z.enum(['test', 'live']),
    /** `sk_test_…abcd`; the key itself never leaves main. */
    maskedKey: z.string().max(40).nullable(),
    /** `rk_test_…abcd`: the restricted key for sensitive results, when one is stored. */
    maskedRestrictedKey: z.string().max(40).nullable(),
    online: z.boolean(),
    queued: count,
    station,
    /** An unattended kiosk: the customer starts on their own. At a counter, staff start. */
    kiosk: z.boolean(),
    version: z.string().max(40),
    /**
     * A problem with the local store worth telling staff about (e.g. it was reset): a code with
     * params (contract/notices.ts), which the staff window says in its own language.
     */
    storeNotice: storeNoticeSchema.nullable(),
    /** The station's update (main/core/updates): downloading, or ready and when it installs. */
    update: updateStateSchema.nullable().optional(),
    /**
     * The stored key could not be read (keychain locked, missing or refusing): the app runs on
     * the simulator until it can. Staff retry with key.test once the keychain is unlocked.
     */
    keyProblem: z
      .object({ code: errorCodeSchema, message: z.string().max(500), text: errorTextSchema.optional() })
      .strict()
      .nullable(),
  })
  .strict();
export type AppStatus = z.output<typeof appStatusSchema>;

/** Only https, or plain http to this machine (the simulator and local test pages). */
export function isAllowedReturnUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

export const intervalMs = z
  .number()
  .int()
  .min(SETTINGS_BOUNDS.intervalMs.min)
  .max(SETTINGS_BOUNDS.intervalMs.max);
export const settingsFields = {
  returnUrl: z
    .string()
    // abort: a string over the bound is not parsed as a URL (see rawString).
    .max(2000, { abort: true })
    .refine(
      isAllowedReturnUrl,
      'The return address must start with https:// (or http://127.0.0.1 / localhost).',
    )
    .nullable(),
  fastIntervalMs: intervalMs,
  slowIntervalMs: intervalMs,
  idleResetSeconds: z
    .number()
    .int()
    .min(SETTINGS_BOUNDS.idleResetSeconds.min)
    .max(SETTINGS_BOUNDS.idleResetSeconds.max),
  retentionDays: z
    .number()
    .int()
    .min(SETTINGS_BOUNDS.retentionDays.min)
    .max(SETTINGS_BOUNDS.retentionDays.max),
  maxAttempts: z.number().int().min(SETTINGS_BOUNDS.maxAttempts.min).max(SETTINGS_BOUNDS.maxAttempts.max),
  /**
   * Redact at Stripe this many days after a session ends (verified, or left waiting for input);
   * null: never, the default. A station with its own key does it itself (issue 18).
   */
  redactAfterDays: z
    .number()
    .int()
    .min(SETTINGS_BOUNDS.redactAfterDays.min)
    .max(SETTINGS_BOUNDS.redactAfterDays.max)
    .nullable(),
  /** The station's language: the console, the customer screen's default, the CSV's column names. */
  language: z.enum(LANGUAGES),
  // --- Kiosk (issue 9): walk-away time, opening hours, time zone (contract/kiosk.ts) ---
  ...kioskSettingsFields,
  /** Updates for a station with its own key and no hub: a generic feed's URL, or none (null). */
  updateFeedUrl: z
    .string()
    .max(2000, { abort: true })
    .refine(
      isAllowedUpdateFeedUrl,
      'The update feed address must start with https:// (no user, query or fragment).',
    )
    .nullable()
    .optional(),
};

const fastNotSlower = (s: { fastIntervalMs?: number; slowIntervalMs?: number }) =>
  s.fastIntervalMs === undefined || s.slowIntervalMs === undefined || s.fastIntervalMs <= s.slowIntervalMs;
const fastNotSlowerMessage = {
  message: 'The fast interval cannot be longer than the slow one.',
  path: ['fastIntervalMs'],
};

export const settingsSchema = z.object(settingsFields).strict().refine(fastNotSlower, fastNotSlowerMessage);
export type Settings = z.output<typeof settingsSchema>;
/**
 * A partial update. When only one interval is given, main checks fast ≤ slow against the
 * stored other one (and the result is validated with `settingsSchema` again).
 */
export const settingsUpdateSchema = z
  .object(settingsFields)
  .partial()
  .strict()
  .refine(fastNotSlower, fastNotSlowerMessage);
export type SettingsUpdate = z.output<typeof settingsUpdateSchema>;

export const CUSTOMER_SCREENS = [
  'welcome',
  'handoff',
  'in_flow',
  'checking',
  'verified',
  'requires_input',
  'canceled',
  'ask_staff',
] as const;
export type CustomerScreenName = (typeof CUSTOMER_SCREENS)[number];

/** SVG made by `qrcode` in main; bounded and checked to be an <svg> document, nothing else. */
export const qrSvgSchema = z
  .string()
  .max(200_000)
  .regex(/^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'Not an SVG document.');

/** What the customer screen shows. Never personal data: no names, no reference, no result. */
export const customerScreenSchema = z
  .object({
    screen: z.enum(CUSTOMER_SCREENS),
    qrSvg: qrSvgSchema.nullable(),
    errorCode: errorCodeSchema.nullable(),
    attemptsLeft: count,
    idleResetSeconds: z.number().int().min(0).max(3600),
    /**
     * Whether Stripe answers, and whether this is a kiosk: the only facts about the app the
     * customer window gets (app.status, with the masked key and the queue, is staff-only).
     */
    online: z.boolean(),
    kiosk: z.boolean(),
    /** The station's language: what the customer screen speaks until the customer picks another. */
    language: z.enum(LANGUAGES),
    /**
     * Kiosk: the language this customer chose with the language button, or null for the
     * station's. Back to null when the screen returns to welcome (the next customer).
     */
    chosenLanguage: customerLanguageSchema.nullable().optional(),
    /** The languages the customer may pick (the fleet's policy, issue 18); absent: every one. */
    languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length).optional(),
  })
  .strict();
export type CustomerScreen = z.output<typeof customerScreenSchema>;

export const nullableText = (max: number) => z.string().max(max).nullable();

/**
 * The results only a restricted key may read (Stripe's "Access verification results"; the
 * document's number, expiry and images are sensitive too, but Countersign never asks for them).
 */
export const SENSITIVE_RESULTS = ['dob', 'idNumber'] as const;
export type SensitiveResult = (typeof SENSITIVE_RESULTS)[number];

/**
 * Why a sensitive result is not shown:
 * - `secret_key_only`: no restricted key is stored, and a secret key may not read it;
 * - `past_48_hours`: the restricted key reads it only within 48 hours of the verification
 *   (a key with IP restrictions has no such limit);
 * - `restricted_key_refused`: Stripe refused the restricted key (it lacks Identity's permission);
 * - `unavailable`: Stripe could not be asked just now.
 */
/**
 * How long after a verification was processed a restricted key without IP restrictions reads its
 * sensitive results (Stripe's "Access verification results"; the simulator applies it too).
 */
export const RESTRICTED_KEY_WINDOW_MS = 48 * 60 * 60 * 1000;

export const WITHHELD_REASONS = [
  'secret_key_only',
  'past_48_hours',
  'restricted_key_refused',
  'unavailable',
] as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[number];

export const verifiedResultSchema = z
  .object({
    firstName: nullableText(200),
    lastName: nullableText(200),
    dob: z
      .object({
        day: z.number().int().min(1).max(31),
        month: z.number().int().min(1).max(12),
        year: z.number().int().min(1800).max(2200),
      })
      .strict()
      .nullable(),
    address: z
      .object({
        line1: nullableText(300),
        line2: nullableText(300),
        city: nullableText(200),
        state: nullableText(200),
        postal_code: nullableText(40),
        country: nullableText(2),
      })
      .strict()
      .nullable(),
    idNumberType: nullableText(40),
    /** As Stripe gives it (a US SSN: its last four digits only). */
    idNumber: nullableText(40),
    email: nullableText(254),
    phone: nullableText(40),
    /** Which key read the sensitive results; null when none was asked. */
    sensitiveKey: z.enum(['secret', 'restricted']).nullable(),
    /** The signed-in person who revealed it, shown beside the data (null: sign-in is off). */
    revealedBy: z.string().max(60).nullable(),
    /** The sensitive results this verification has that could not be shown, and why. */
    withheld: z
      .array(z.object({ field: z.enum(SENSITIVE_RESULTS), reason: z.enum(WITHHELD_REASONS) }).strict())
      .max(SENSITIVE_RESULTS.length),
    fetchedAt: timestampSchema,
  })
  .strict();
export type VerifiedResult = z.output<typeof verifiedResultSchema>;

export const CHECKS = ['document', 'selfie', 'id_number'] as const;

export const sessionDetailSchema = z
  .object({
    session: sessionViewSchema,
    timeline: z.array(z.object({ type: z.string().max(100), at: timestampSchema }).strict()).max(1000),
    checks: z
      .array(
        z
          .object({
            check: z.enum(CHECKS),
            status: z.enum(['verified', 'unverified']).nullable(),
            errorCode: errorCodeSchema.nullable(),
          })
          .strict(),
      )
      .max(CHECKS.length),
  })
  .strict();
export type SessionDetail = z.output<typeof sessionDetailSchema>;

export const historyFilterSchema = z
  .object({
    /** Matches references containing this text. */
    reference: z.string().max(REFERENCE_MAX, { abort: true }).trim().optional(),
    status: z.enum(SESSION_STATUSES).optional(),
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
  })
  .strict();
export const historySearchSchema = historyFilterSchema
  .extend({
    page: z.number().int().min(0).max(1_000_000),
    pageSize: z.number().int().min(1).max(100),
  })
  .strict();

export const outboxItemStateSchema = z
  .object({
    clientReferenceId: clientReferenceIdSchema,
    reference: referenceSchema,
    state: z.enum(['ready', 'failed']),
    sessionId: sessionIdSchema.nullable(),
    /** Why a creation failed, as the error's code: the staff window words it in its language. */
    code: errorCodeSchema.nullable(),
    /** The same in English (Stripe's own reason included), for an English console. */
    message: z.string().max(1000).nullable(),
  })
  .strict();

export const idArgs = z.object({ id: sessionIdSchema }).strict();

/** What a window says of an uncaught error: where it came from, its message and stack, bounded. */
export const ERROR_REPORT_SOURCES = ['error', 'unhandledrejection', 'render'] as const;
export const errorReportSchema = z
  .object({
    source: z.enum(ERROR_REPORT_SOURCES),
    message: z.string().max(ERROR_REPORT_BOUNDS.message, { abort: true }),
    stack: z.string().max(ERROR_REPORT_BOUNDS.stack, { abort: true }).optional(),
  })
  .strict();
export type ErrorReport = z.output<typeof errorReportSchema>;
/** Methods without arguments accept nothing, or an empty object (what a JSON harness sends). */
export const noArgs = z.object({}).strict().optional();
