/**
 * The contract between the renderer windows and the main process: every method a window may
 * call and every event main may push, each with a zod schema. The preload, the main-side IPC
 * binding and the test harness all derive from this one object, so nothing crosses the process
 * boundary that is not declared (and checked) here.
 *
 * The renderer imports this file, so it stays free of Node at runtime: zod, the start-input
 * schema (zod + the typed errors) and type-only imports.
 *
 * Privacy rules encoded here:
 * - the hosted verification `url` and `client_secret` never appear in any schema: main opens
 *   the url itself or renders it as a QR code;
 * - the customer window's screen (`CustomerScreen`) carries no personal data at all;
 * - personal data (`VerifiedResult`) is only reachable from the staff window.
 */
import { z } from 'zod';
import type { ErrorCode, ErrorPayload } from './errors.ts';
import type { EventName, MethodName } from './channels.ts';
import { invalidInput, startInputSchema } from './start-input.ts';
import { managedPolicySchema } from './policy.ts';
import {
  customerLanguageSchema,
  helpCallSchema,
  kioskStatusSchema,
  pinSchema,
  unlockResultSchema,
} from './kiosk.ts';

export * from './channels.ts';
export * from './languages.ts';
export * from './notices.ts';
export * from './error-messages.ts';
export * from './session-status.ts';
export * from './kiosk.ts';
export * from './updates.ts';
export { DOCUMENT_TYPES, REFERENCE_MAX, SESSION_TYPES, type StartInput } from './start-input.ts';

export type { ErrorCode, ErrorPayload };

export * from './ipc-schemas.ts';
export * from './staff.ts';
export * from './manual-check.ts';
import { manualCheckInputShape } from './manual-check.ts';
import {
  auditListSchema,
  issuedRecoveryCodeSchema,
  newMemberSchema,
  recoverArgsSchema,
  recoverResultSchema,
  recoveryStatusSchema,
  revealArgsSchema,
  signInResultSchema,
  staffMemberSchema,
  staffStatusSchema,
  IDLE_MINUTES,
} from './staff.ts';
import {
  appStatusSchema,
  clientReferenceIdSchema,
  count,
  customerScreenSchema,
  errorCodeSchema,
  errorReportSchema,
  historyFilterSchema,
  historyRowSchema,
  historySearchSchema,
  hubConnectArgsSchema,
  hubStatusSchema,
  idArgs,
  noArgs,
  outboxItemStateSchema,
  qrSvgSchema,
  referenceSchema,
  sessionDetailSchema,
  sessionIdSchema,
  sessionViewSchema,
  settingsSchema,
  settingsUpdateSchema,
  timestampSchema,
  verifiedResultSchema,
  type WindowKind,
} from './ipc-schemas.ts';

// ---------------------------------------------------------------------------------------------
// The contract itself.
// ---------------------------------------------------------------------------------------------

export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  /** The windows allowed to call it. Checked in main against the sender, never trusted from it. */
  readonly callers: readonly WindowKind[];
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  /** The windows main sends it to. */
  readonly to: readonly WindowKind[];
}

// Identity helpers: they keep each entry's literal schema types while checking its shape.
const method = <A extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<A, R>): MethodSpec<A, R> => spec;
const event = <P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> => spec;

const STAFF = ['staff'] as const;
const CUSTOMER = ['customer'] as const;
const BOTH = ['staff', 'customer'] as const;

export const methods = {
  'app.status': method({ args: noArgs, result: appStatusSchema, callers: STAFF }),
  /**
   * A window's uncaught error, for main's log (support reads it). Bounded here and rate-limited
   * by the core; the text is redacted like every log line and never shown to anyone.
   */
  'app.reportError': method({
    args: errorReportSchema,
    result: z.object({ logged: z.boolean() }).strict(),
    callers: BOTH,
  }),

  'settings.get': method({ args: noArgs, result: settingsSchema, callers: STAFF }),
  'settings.update': method({ args: settingsUpdateSchema, result: settingsSchema, callers: STAFF }),
  /** The hub's policy on this station (issue 18): which settings it manages, from which level. */
  'settings.managed': method({ args: noArgs, result: managedPolicySchema.nullable(), callers: STAFF }),

  'key.store': method({
    args: z.object({ key: z.string().max(300, { abort: true }) }).strict(),
    result: z.object({ mode: z.enum(['test', 'live']), masked: z.string().max(40) }).strict(),
    callers: STAFF,
  }),
  'key.remove': method({ args: noArgs, result: z.object({ removed: z.boolean() }).strict(), callers: STAFF }),
  'key.test': method({
    args: noArgs,
    result: z.object({ ok: z.literal(true), mode: z.enum(['test', 'live']) }).strict(),
    callers: STAFF,
  }),
  /**
   * The restricted key for sensitive results (date of birth, ID number), beside the secret key:
   * Stripe lets only a restricted key read those (docs/simulator.md, "Which key reads what").
   */
  'key.storeRestricted': method({
    args: z.object({ key: z.string().max(300, { abort: true }) }).strict(),
    result: z.object({ mode: z.enum(['test', 'live']), masked: z.string().max(40) }).strict(),
    callers: STAFF,
  }),
  'key.removeRestricted': method({
    args: noArgs,
    result: z.object({ removed: z.boolean() }).strict(),
    callers: STAFF,
  }),

  'sessions.start': method({
    args: startInputSchema,
    result: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('created'), session: sessionViewSchema }).strict(),
      z
        .object({
          outcome: z.literal('queued'),
          clientReferenceId: clientReferenceIdSchema,
          reference: referenceSchema,
        })
        .strict(),
    ]),
    callers: STAFF,
  }),
  'sessions.list': method({
    args: z.object({ since: timestampSchema.optional() }).strict(),
    result: z.array(sessionViewSchema).max(10_000),
    callers: STAFF,
  }),
  'sessions.get': method({ args: idArgs, result: sessionDetailSchema, callers: STAFF }),
  'sessions.retry': method({ args: idArgs, result: sessionViewSchema, callers: STAFF }),
  'sessions.cancel': method({ args: idArgs, result: sessionViewSchema, callers: STAFF }),
  'sessions.redact': method({ args: idArgs, result: sessionViewSchema, callers: STAFF }),
  /** A reason is required while staff sign-in is on; it goes to the audit trail with the name. */
  /** A manager's check of the ID without biometrics: its own outcome, never `verified`. */
  'sessions.manualCheck': method({
    args: z.object({ reference: referenceSchema, ...manualCheckInputShape }).strict(),
    result: sessionViewSchema,
    callers: STAFF,
  }),
  'sessions.result': method({ args: revealArgsSchema, result: verifiedResultSchema, callers: STAFF }),

  'customer.present': method({
    args: z.object({ id: sessionIdSchema, via: z.enum(['screen', 'qr']) }).strict(),
    result: z.object({ qrSvg: qrSvgSchema.nullable() }).strict(),
    callers: STAFF,
  }),
  'customer.state': method({ args: noArgs, result: customerScreenSchema, callers: BOTH }),
  'customer.begin': method({ args: noArgs, result: customerScreenSchema, callers: CUSTOMER }),
  'customer.retry': method({ args: noArgs, result: customerScreenSchema, callers: CUSTOMER }),
  'customer.done': method({ args: noArgs, result: customerScreenSchema, callers: CUSTOMER }),
  /** The customer's language button: the screen and the hosted flow follow it. */
  'customer.setLanguage': method({
    args: z.object({ language: customerLanguageSchema }).strict(),
    result: customerScreenSchema,
    callers: CUSTOMER,
  }),
  /** "Need help?": calls staff (recorded in the kiosk journal); presses in a burst are one call. */
  'customer.help': method({ args: noArgs, result: helpCallSchema, callers: CUSTOMER }),

  /** The staff-exit PIN pad on the kiosk's screen. Wrong PINs are limited by the core. */
  'kiosk.unlock': method({
    args: z.object({ pin: pinSchema }).strict(),
    result: unlockResultSchema,
    callers: CUSTOMER,
  }),
  'kiosk.setPin': method({
    args: z.object({ pin: pinSchema }).strict(),
    result: z.object({ pinSet: z.literal(true) }).strict(),
    callers: STAFF,
  }),
  'kiosk.status': method({ args: noArgs, result: kioskStatusSchema, callers: STAFF }),

  'history.search': method({
    args: historySearchSchema,
    result: z.object({ rows: z.array(historyRowSchema).max(100), total: count }).strict(),
    callers: STAFF,
  }),
  'history.exportCsv': method({
    args: historyFilterSchema,
    result: z
      .object({
        csv: z.string().max(200_000_000),
        filename: z.string().regex(/^[A-Za-z0-9._-]{1,100}\.csv$/, 'Not a CSV file name.'),
      })
      .strict(),
    callers: STAFF,
  }),

  'outbox.status': method({
    args: noArgs,
    result: z
      .object({
        queued: count,
        items: z
          .array(
            z
              .object({
                clientReferenceId: clientReferenceIdSchema,
                reference: referenceSchema,
                queuedAt: timestampSchema,
                lastErrorCode: errorCodeSchema.nullable(),
              })
              .strict(),
          )
          .max(10_000),
      })
      .strict(),
    callers: STAFF,
  }),
  /**
   * Takes a queued creation out before it is sent to Stripe; the history records it as canceled
   * with lastErrorCode 'withdrawn'. Refused (invalid_state) once its request may have reached
   * Stripe; session_not_found when it is not queued.
   */
  'outbox.withdraw': method({
    args: z.object({ clientReferenceId: clientReferenceIdSchema }).strict(),
    result: sessionViewSchema,
    callers: STAFF,
  }),
  /** One text file for support: versions, settings, store health, counts, the last log lines. */
  'diagnostics.export': method({
    args: noArgs,
    result: z
      .object({
        text: z.string().max(5_000_000),
        filename: z
          .string()
          .regex(/^countersign-diagnostics-[0-9-]{10,30}\.txt$/, 'Not a diagnostics file name.'),
      })
      .strict(),
    callers: STAFF,
  }),

  // Countersign Hub: enroll with a one-time code (the token goes to the keychain), or go back
  // to the simulator. Staff only: a customer must never be able to move the station.
  'hub.connect': method({ args: hubConnectArgsSchema, result: hubStatusSchema, callers: STAFF }),
  'hub.disconnect': method({
    args: noArgs,
    result: z.object({ disconnected: z.boolean() }).strict(),
    callers: STAFF,
  }),

  'staff.status': method({ args: noArgs, result: staffStatusSchema, callers: STAFF }),
  'staff.signIn': method({
    args: z
      .object({ memberId: staffMemberSchema.shape.id, pin: z.string().max(64, { abort: true }) })
      .strict(),
    result: signInResultSchema,
    callers: STAFF,
  }),
  'staff.signOut': method({ args: noArgs, result: staffStatusSchema, callers: STAFF }),
  'staff.setEnabled': method({
    args: z
      .object({
        enabled: z.boolean(),
        idleMinutes: z.number().int().min(IDLE_MINUTES.min).max(IDLE_MINUTES.max).optional(),
      })
      .strict(),
    /** Turning sign-in on makes the recovery code when there is none: here, shown once. */
    result: staffStatusSchema.extend({ recoveryCode: issuedRecoveryCodeSchema.optional() }),
    callers: STAFF,
  }),
  'staff.addMember': method({ args: newMemberSchema, result: staffMemberSchema, callers: STAFF }),
  'staff.removeMember': method({
    args: z.object({ id: staffMemberSchema.shape.id }).strict(),
    result: staffStatusSchema,
    callers: STAFF,
  }),
  // The way back when every manager has forgotten their PIN (main/core/staff/staff-recovery.ts).
  'staff.recoveryStatus': method({ args: noArgs, result: recoveryStatusSchema, callers: STAFF }),
  /** A new recovery code (the old one stops working), shown once. */
  'staff.newRecoveryCode': method({ args: noArgs, result: issuedRecoveryCodeSchema, callers: STAFF }),
  /** The code, a manager (or a new one's name) and a new PIN; wrong codes lock out like PINs. */
  'staff.recover': method({ args: recoverArgsSchema, result: recoverResultSchema, callers: STAFF }),
  'audit.list': method({
    args: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    result: auditListSchema,
    callers: STAFF,
  }),
  'audit.export': method({
    args: z.object({ format: z.enum(['csv', 'json']) }).strict(),
    result: z.object({ text: z.string().max(50_000_000) }).strict(),
    callers: STAFF,
  }),
} as const;

export const events = {
  'session.updated': event({ payload: sessionViewSchema, to: STAFF }),
  'status.changed': event({ payload: appStatusSchema, to: STAFF }),
  'outbox.item': event({ payload: outboxItemStateSchema, to: STAFF }),
  'customer.changed': event({ payload: customerScreenSchema, to: BOTH }),
  /** The settings in force changed without staff (the hub's policy arrived or was let go). */
  'settings.changed': event({
    payload: z.object({ settings: settingsSchema, managed: managedPolicySchema.nullable() }).strict(),
    to: STAFF,
  }),
  /** Someone signed in or out (idle included), or the members or the sign-in setting changed. */
  'staff.changed': event({ payload: staffStatusSchema, to: STAFF }),
} as const;

export const contract = { methods, events } as const;
export type Contract = typeof contract;

// ---------------------------------------------------------------------------------------------
// Types derived from the contract.
// ---------------------------------------------------------------------------------------------

export type ContractMethods = typeof methods;
export type ContractEvents = typeof events;

/** What a window passes (before parsing). */
export type MethodArgs<K extends MethodName> = z.input<ContractMethods[K]['args']>;
/** What the handler receives (after parsing: trimmed, defaults applied). */
export type ParsedMethodArgs<K extends MethodName> = z.output<ContractMethods[K]['args']>;
export type MethodResult<K extends MethodName> = z.output<ContractMethods[K]['result']>;
export type EventPayload<E extends EventName> = z.output<ContractEvents[E]['payload']>;

export interface Caller {
  window: WindowKind;
}

/** The object the main side implements: one async function per method. */
export type ContractHandlers = {
  [K in MethodName]: (args: ParsedMethodArgs<K>, caller: Caller) => Promise<MethodResult<K>>;
};

/** The methods of one namespace, e.g. `Namespace<'sessions'>` is 'sessions.start' | 'sessions.list' | …. */
export type Namespace<N extends string> = Extract<MethodName, `${N}.${string}`>;
/** Every namespace the contract has ('app', 'settings', 'sessions', …). */
export type ContractNamespace = MethodName extends `${infer N}.${string}` ? N : never;
/** What one handler file implements: exactly its namespace's methods, no more, no fewer. */
export type NamespaceHandlers<N extends ContractNamespace> = Pick<ContractHandlers, Namespace<N>>;

/** Args become optional for methods that take none. */
export type InvokeArgs<K extends MethodName> =
  undefined extends MethodArgs<K> ? [args?: MethodArgs<K>] : [args: MethodArgs<K>];

/** `window.countersign`, as the preload exposes it. */
export interface CountersignApi {
  /** Calls a method in main. Rejects with an `ErrorPayload` ({ code, message }). */
  invoke<K extends MethodName>(method: K, ...args: InvokeArgs<K>): Promise<MethodResult<K>>;
  /** Listens to an event from main; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What crosses IPC for every call: the binding never throws across the boundary. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

// The name lists live in channels.ts (no zod, for the preload); these fail to compile if they
// and the schemas above ever disagree, in either direction.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _methodNamesMatch: Same<MethodName, keyof ContractMethods> = true;
const _eventNamesMatch: Same<EventName, keyof ContractEvents> = true;
void _methodNamesMatch;
void _eventNamesMatch;

/**
 * Checks a method's arguments against the contract; throws the typed `invalid_input` error
 * naming each field and what is wrong (never echoing the value: it may be a secret key).
 */
export function parseMethodArgs<K extends MethodName>(name: K, raw: unknown): ParsedMethodArgs<K> {
  const parsed = methods[name].args.safeParse(raw);
  if (parsed.success) return parsed.data as ParsedMethodArgs<K>;
  throw invalidInput(`${name}: `, parsed.error);
}

/** Checks a method's result; main uses it in development and the tests everywhere. */
export function parseMethodResult<K extends MethodName>(name: K, raw: unknown): MethodResult<K> {
  const parsed = methods[name].result.safeParse(raw);
  if (parsed.success) return parsed.data as MethodResult<K>;
  throw invalidInput(`${name} result: `, parsed.error);
}

export function parseEventPayload<E extends EventName>(name: E, raw: unknown): EventPayload<E> {
  const parsed = events[name].payload.safeParse(raw);
  if (parsed.success) return parsed.data as EventPayload<E>;
  throw invalidInput(`${name} event: `, parsed.error);
}
