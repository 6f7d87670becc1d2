/**
 * Who does what at the counter: staff members and their roles, the one table of which role each
 * method needs, the reasons for revealing a verified result, and the audit trail's entries.
 *
 * The role table (`METHOD_ROLES`) is written once: main enforces it around every handler
 * (main/core/handlers/middleware.ts), and the staff window reads it only to hide what the person
 * signed in may not do. It applies while staff sign-in is on; off (the default, a one-person
 * shop), every method is open as before.
 */
import { z } from 'zod';
import type { MethodName } from './channels.ts';
import { sessionIdSchema } from './ipc-schemas.ts';

export const STAFF_ROLES = ['clerk', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What each method needs while sign-in is on: `open` (nobody need be signed in: reading the
 * status, signing in, the customer's own screen), `clerk` (any signed-in person) or `manager`.
 * Calls from the customer window are the customer's, never staff's: they are always open.
 */
export const METHOD_ROLES: Readonly<Record<MethodName, 'open' | StaffRole>> = {
  'app.status': 'open',
  'app.reportError': 'open',
  'settings.get': 'open',
  'settings.update': 'manager',
  'key.store': 'manager',
  'key.remove': 'manager',
  'key.test': 'manager',
  'key.storeRestricted': 'manager',
  'key.removeRestricted': 'manager',
  'sessions.start': 'clerk',
  'sessions.list': 'clerk',
  'sessions.get': 'clerk',
  'sessions.retry': 'clerk',
  'sessions.cancel': 'clerk',
  'sessions.redact': 'manager',
  'sessions.result': 'manager',
  'customer.present': 'clerk',
  'customer.state': 'open',
  'customer.begin': 'open',
  'customer.retry': 'open',
  'customer.done': 'open',
  'customer.setLanguage': 'open',
  'customer.help': 'open',
  'kiosk.unlock': 'open',
  'kiosk.setPin': 'manager',
  'kiosk.status': 'open',
  'history.search': 'clerk',
  'history.exportCsv': 'manager',
  'outbox.status': 'open',
  'outbox.withdraw': 'clerk',
  'diagnostics.export': 'manager',
  'hub.connect': 'manager',
  'hub.disconnect': 'manager',
  'staff.status': 'open',
  'staff.signIn': 'open',
  'staff.signOut': 'open',
  'staff.setEnabled': 'manager',
  'staff.addMember': 'manager',
  'staff.removeMember': 'manager',
  'audit.list': 'manager',
  'audit.export': 'manager',
};

/** Whether `role` may call a method that needs `needed`. */
export function roleAllows(role: StaffRole | null, needed: 'open' | StaffRole): boolean {
  if (needed === 'open') return true;
  if (role === null) return false;
  return needed === 'clerk' || role === 'manager';
}

export const STAFF_NAME_MAX = 60;
export const IDLE_MINUTES = { min: 1, max: 240, default: 10 } as const;

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

/** Why a manager reveals a verified result: Stripe's data is shown for a reason, and it is kept. */
export const REVEAL_REASONS = ['age_check', 'contract', 'other'] as const;
export type RevealReason = (typeof REVEAL_REASONS)[number];
export const REVEAL_NOTE_MAX = 200;

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
