/**
 * Who does what at the counter: staff members, sign-in, the reveal's reason and the audit
 * trail's entries, as they cross IPC. The roles and the one table of which role each method
 * needs are in roles.ts (no zod there: the staff window's first bundle reads it).
 */
import { z } from 'zod';
import { sessionIdSchema } from './ipc-schemas.ts';
import { IDLE_MINUTES_DEFAULT, REVEAL_NOTE_MAX, REVEAL_REASONS, STAFF_ROLES } from './roles.ts';

export * from './roles.ts';

export const STAFF_NAME_MAX = 60;
export const IDLE_MINUTES = { min: 1, max: 240, default: IDLE_MINUTES_DEFAULT } as const;

export const staffMemberSchema = z
  .object({
    id: z.string().regex(/^st_[A-Za-z0-9]{8,40}$/),
    name: z.string().min(1).max(STAFF_NAME_MAX),
    role: z.enum(STAFF_ROLES),
  })
  .strict();
export type StaffMember = z.output<typeof staffMemberSchema>;

export const staffStatusSchema = z
  .object({
    /** Off by default: then nobody signs in and every method is open. */
    enabled: z.boolean(),
    /** Minutes without a call from the console before the person is signed out. */
    idleMinutes: z.number().int().min(IDLE_MINUTES.min).max(IDLE_MINUTES.max),
    signedIn: staffMemberSchema.nullable(),
    members: z.array(staffMemberSchema).max(200),
    /**
     * The members are the hub's (the store's roster from the fleet page): read-only here, and
     * sign-in is on while the roster has members.
     */
    managedByHub: z.boolean(),
  })
  .strict();
export type StaffStatus = z.output<typeof staffStatusSchema>;

export const newMemberSchema = z
  .object({
    name: z.string().trim().min(1, { abort: true }).max(STAFF_NAME_MAX, { abort: true }),
    role: z.enum(STAFF_ROLES),
    pin: z.string().max(64, { abort: true }),
  })
  .strict();

export const signInResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('signed_in'), member: staffMemberSchema }).strict(),
  z
    .object({
      outcome: z.literal('wrong'),
      triesBeforeLockout: z.number().int().min(0).max(100),
      retryAfterSeconds: z.number().int().min(1).max(86_400).nullable(),
    })
    .strict(),
  z.object({ outcome: z.literal('locked'), retryAfterSeconds: z.number().int().min(1).max(86_400) }).strict(),
]);
export type SignInResult = z.output<typeof signInResultSchema>;

export const revealArgsSchema = z
  .object({
    id: sessionIdSchema,
    reason: z.enum(REVEAL_REASONS).optional(),
    note: z.string().trim().max(REVEAL_NOTE_MAX, { abort: true }).optional(),
  })
  .strict()
  .refine((a) => a.reason !== 'other' || (a.note !== undefined && a.note !== ''), {
    path: ['note'],
    message: 'Say why in a note when the reason is "other".',
  });

/** What an audit entry says happened. */
export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed', 'wrong_pin', 'locked'] as const;

export const auditEntrySchema = z
  .object({
    seq: z.number().int().min(1),
    at: z.number().int().min(0),
    station: z.string().max(100),
    /** Who was signed in (null: sign-in is off, or nobody was). */
    actor: z
      .object({ id: z.string().max(60), name: z.string().max(STAFF_NAME_MAX), role: z.enum(STAFF_ROLES) })
      .strict()
      .nullable(),
    /** The method called (`sessions.result`), or an event of the trail itself (`audit.broken`). */
    action: z.string().max(60),
    outcome: z.enum(AUDIT_OUTCOMES),
    sessionId: z.string().max(260).nullable(),
    reference: z.string().max(200).nullable(),
    reason: z.enum(REVEAL_REASONS).nullable(),
    note: z.string().max(REVEAL_NOTE_MAX).nullable(),
    /** Names of settings changed, a member added… never a value that could be a secret. */
    detail: z.string().max(300).nullable(),
    /** The hash of the entry before (the chain's anchor for the first one kept). */
    prev: z.string().regex(/^[0-9a-f]{64}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** An entry as one flat row, named as the station's CSV and the hub's table name its columns. */
export const AUDIT_ENTRY_COLUMNS = [
  'seq',
  'at',
  'station',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'outcome',
  'session_id',
  'reference',
  'reason',
  'note',
  'detail',
  'prev',
  'hash',
] as const;

/** The entry's values in the order of AUDIT_ENTRY_COLUMNS. */
export function auditEntryRow(e: AuditEntry): Array<string | number | null> {
  return [
    e.seq,
    e.at,
    e.station,
    e.actor?.id ?? null,
    e.actor?.name ?? null,
    e.actor?.role ?? null,
    e.action,
    e.outcome,
    e.sessionId,
    e.reference,
    e.reason,
    e.note,
    e.detail,
    e.prev,
    e.hash,
  ];
}

export const auditListSchema = z
  .object({
    entries: z.array(auditEntrySchema).max(1000),
    total: z.number().int().min(0),
    /** The first entry found edited, missing or out of order at the last start, or null. */
    broken: z
      .object({ seq: z.number().int().min(0), found: z.number().int().min(0) })
      .strict()
      .nullable(),
  })
  .strict();
