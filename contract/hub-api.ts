/**
 * The wire messages between a station and Countersign Hub, written once here: the hub server
 * (`hub/`) parses what it receives with these schemas and the station's hub backend parses what
 * it receives with the same ones.
 *
 * The session endpoints (`/v1/identity/verification_sessions…`) are a Stripe-compatible subset:
 * the station speaks to them with the stripe SDK, so their shapes are Stripe's and are not
 * repeated here. What is here is the hub's own: enrollment, the SSE stream's messages, the
 * heartbeat, help calls, and the error codes the hub adds to Stripe's error shape.
 *
 * Privacy: a stream message's session is the webhook's session minus `url`, `client_secret`,
 * `verified_outputs` and `provided_details` — the schema is strict, so a message carrying any
 * of them fails to parse.
 */
import { z } from 'zod';
import { STRIPE_SESSION_STATUSES } from './session-status.ts';
import { auditEntrySchema } from './staff.ts';

/** The kinds of station the hub enrolls. */
export const STATION_KINDS = ['counter', 'kiosk'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

/** Prefixes of the hub's identifiers (a station token is a bearer secret; never log it). */
export const STATION_TOKEN_PREFIX = 'cs_station_';
export const STATION_ID_PREFIX = 'st_';

/** The hub's paths (the session endpoints are Stripe's own paths under the hub's base URL). */
export const HUB_PATHS = {
  enroll: '/hub/v1/enroll',
  stream: '/hub/v1/stream',
  heartbeat: '/hub/v1/heartbeat',
  helpCalls: '/hub/v1/help-calls',
  /** The station's audit trail, uploaded in batches after the seq the hub last answered. */
  audit: '/hub/v1/audit',
  /** electron-updater's generic feed: `${hub}/hub/v1/updates/latest.yml` and the files it names. */
  updates: '/hub/v1/updates',
  webhook: '/stripe/webhook',
  fleet: '/fleet',
} as const;

/** Error codes the hub adds to Stripe's (`{"error":{"type","code","message"}}`). */
export const HUB_ERROR_CODES = [
  'invalid_station_token', // 401: no token, or one the hub never issued
  'station_revoked', // 401: the admin revoked this station
  'enrollment_code_invalid', // 400: unknown, used or expired enrollment code
  'rate_limit', // 429: the station's own limit (Stripe's code for the same thing)
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

/** Bounds on what a station sends: a wire message has no size limit of its own. */
export const ENROLLMENT_CODE_MAX = 64;
export const APP_VERSION_MAX = 64;

export const enrollRequestSchema = z
  .object({
    code: z.string().min(1).max(ENROLLMENT_CODE_MAX),
    appVersion: z.string().max(APP_VERSION_MAX).optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const stationSchema = z
  .object({
    id: z.string().startsWith(STATION_ID_PREFIX),
    name: z.string(),
    store: z.string(),
    kind: z.enum(STATION_KINDS),
  })
  .strict();
export type StationInfo = z.infer<typeof stationSchema>;

export const enrollResponseSchema = z
  .object({
    token: z.string().startsWith(STATION_TOKEN_PREFIX),
    station: stationSchema,
  })
  .strict();
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/**
 * The station's last error, as the fleet page's health column shows it: the core's error code
 * (contract/errors.ts, never a message or anything personal) and when it happened (station clock).
 */
export const stationErrorSchema = z
  .object({
    code: z
      .string()
      .max(64)
      .regex(/^[a-z0-9_]+$/),
    at: z.number().int().positive().max(8_640_000_000_000_000),
  })
  .strict();
export type StationError = z.infer<typeof stationErrorSchema>;

export const heartbeatSchema = z
  .object({
    /** Verifications waiting in the station's queue (its outbox). */
    queued: z.number().int().min(0).max(1_000_000),
    active: z.number().int().min(0).max(1_000_000),
    appVersion: z.string().max(APP_VERSION_MAX).optional(),
    /** The station's last error (null: none since it started); older stations omit it. */
    lastError: stationErrorSchema.nullable().optional(),
  })
  .strict();
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** The longest id a station gives a help call (its own, stable across resends). */
export const HELP_CALL_ID_MAX = 64;

/**
 * A kiosk customer pressed "Need help?": the station tells the hub, which shows it on the fleet
 * page until an admin acknowledges it. `id` is the station's own and stays the same when the
 * call is resent (the hub keeps one call per station and id); `at` is when the customer pressed,
 * on the station's clock; `sessionId` is the Stripe session on screen then, if any — never
 * anything personal.
 */
export const helpCallSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(HELP_CALL_ID_MAX)
      .regex(/^[A-Za-z0-9_-]+$/),
    at: z.number().int().positive().max(8_640_000_000_000_000),
    sessionId: z
      .string()
      .max(255)
      .regex(/^vs_[A-Za-z0-9_]+$/)
      .optional(),
  })
  .strict();
export type HelpCall = z.infer<typeof helpCallSchema>;

/** What `POST /hub/v1/help-calls` answers: 201 for a new call, 200 for a resend (`replayed`). */
export const helpCallAnswerSchema = z.object({ id: z.string(), replayed: z.boolean() }).strict();
export type HelpCallAnswer = z.infer<typeof helpCallAnswerSchema>;

/** The most audit entries one `POST /hub/v1/audit` carries (a batch stays well under the body limit). */
export const AUDIT_BATCH_MAX = 50;

/**
 * A batch of the station's audit trail (no customer personal data: the trail never holds any),
 * entries as the station has them, seq increasing. The hub keeps one entry per (station, seq),
 * so a batch sent again after a lost answer changes nothing.
 */
export const auditBatchSchema = z
  .object({
    entries: z
      .array(auditEntrySchema)
      .min(1)
      .max(AUDIT_BATCH_MAX)
      .refine((list) => list.every((e, i) => i === 0 || e.seq > list[i - 1]!.seq), {
        message: 'entries must be in increasing seq',
      }),
  })
  .strict();
export type AuditBatch = z.infer<typeof auditBatchSchema>;

/**
 * What `POST /hub/v1/audit` answers: `held`, the highest seq such that the hub holds every entry
 * of this station from the batch's first seq up to it. The station sends what comes after next.
 */
export const auditAnswerSchema = z.object({ held: z.number().int().min(0) }).strict();
export type AuditAnswer = z.infer<typeof auditAnswerSchema>;

/** A session as a stream message carries it: Stripe's webhook object minus the secrets and data. */
export const streamSessionSchema = z
  .object({
    id: z.string().startsWith('vs_'),
    object: z.literal('identity.verification_session'),
    // Stripe may add statuses: a station reads an unknown one with `toSessionStatus`.
    status: z.union([z.enum(STRIPE_SESSION_STATUSES), z.string()]),
    last_error: z.object({ code: z.string().nullable(), reason: z.string().nullable() }).nullable(),
    client_reference_id: z.string().nullable(),
    created: z.number().int(),
    livemode: z.boolean(),
    type: z.string(),
    metadata: z.record(z.string(), z.string()),
  })
  .strict();
export type StreamSession = z.infer<typeof streamSessionSchema>;

/** The SSE event name of every stream message (`event: session`). */
export const STREAM_EVENT = 'session';
/** How often the hub writes `: keep-alive` on an idle stream. */
export const STREAM_KEEPALIVE_MS = 15_000;

/**
 * One `data:` line of the stream. `seq` is fleet-wide and increasing, and equals the SSE `id:`;
 * a station reconnects with `Last-Event-ID: <last seq it handled>`.
 */
export const streamMessageSchema = z
  .object({
    seq: z.number().int().positive(),
    type: z.string().startsWith('identity.verification_session.'),
    session: streamSessionSchema,
  })
  .strict();
export type StreamMessage = z.infer<typeof streamMessageSchema>;

/** A Stripe-shaped error body, as every hub endpoint answers a refusal. */
export const hubErrorSchema = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    message: z.string(),
  }),
});
export type HubError = z.infer<typeof hubErrorSchema>;
