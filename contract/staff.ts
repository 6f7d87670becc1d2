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

/** A wrong PIN or recovery code, and a lockout: sign-in and the way back answer alike. */
const wrongTrySchema = z
  .object({
    outcome: z.literal('wrong'),
    triesBeforeLockout: z.number().int().min(0).max(100),
    retryAfterSeconds: z.number().int().min(1).max(86_400).nullable(),
  })
  .strict();
const lockedSchema = z
  .object({ outcome: z.literal('locked'), retryAfterSeconds: z.number().int().min(1).max(86_400) })
  .strict();

export const signInResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('signed_in'), member: staffMemberSchema }).strict(),
  wrongTrySchema,
  lockedSchema,
]);
export type SignInResult = z.output<typeof signInResultSchema>;

/**
 * The way back when every manager has forgotten their PIN: a recovery code of 20 characters
 * from an alphabet without look-alikes (Crockford's base 32: no I, L, O or U; 100 bits), shown
 * in four groups of five once, when it is made, and kept only as a scrypt hash.
 */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODE_LENGTH = 20;
export const RECOVERY_CODE_GROUP = 5;
const recoveryCodePattern = new RegExp(
  `^[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_GROUP}}(-[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_GROUP}}){${RECOVERY_CODE_LENGTH / RECOVERY_CODE_GROUP - 1}}$`,
);

/** Whether a code exists, and since when (ms since the epoch): never the code. */
export const recoveryStatusSchema = z.object({ createdAt: z.number().int().min(0).nullable() }).strict();
export type RecoveryStatus = z.output<typeof recoveryStatusSchema>;

/** A code just made: the one time it is shown. */
export const issuedRecoveryCodeSchema = z
  .object({ code: z.string().regex(recoveryCodePattern), createdAt: z.number().int().min(0) })
  .strict();
export type IssuedRecoveryCode = z.output<typeof issuedRecoveryCodeSchema>;

/** The code as typed (any case, spaces or dashes), a manager or a new manager's name, a new PIN. */
export const recoverArgsSchema = z
  .object({
    code: z.string().max(64, { abort: true }),
    memberId: staffMemberSchema.shape.id.optional(),
    newManagerName: newMemberSchema.shape.name.optional(),
    pin: z.string().max(64, { abort: true }),
  })
  .strict()
  .refine((a) => (a.memberId === undefined) !== (a.newManagerName === undefined), {
    path: ['memberId'],
    message: 'Choose a manager or name a new one.',
  });
export type RecoverArgs = z.output<typeof recoverArgsSchema>;

export const recoverResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('recovered'),
      member: staffMemberSchema,
      /** The code used is spent: this one replaces it, shown once. */
      recoveryCode: issuedRecoveryCodeSchema,
    })
    .strict(),
  wrongTrySchema,
  lockedSchema,
]);
export type RecoverResult = z.output<typeof recoverResultSchema>;

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

/**
 * The text an entry's hash is taken of (SHA-256, in hex): its fields in a fixed order, the hash
 * itself left out. The station's audit log and the hub's check of an uploaded chain hash this one
 * text (the contract runs in the windows too, so each side takes the SHA-256 with its own crypto).
 */
export function auditHashText(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.station,
    entry.actor ? [entry.actor.id, entry.actor.name, entry.actor.role] : null,
    entry.action,
    entry.outcome,
    entry.sessionId,
    entry.reference,
    entry.reason,
    entry.note,
    entry.detail,
    entry.prev,
  ]);
}

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
