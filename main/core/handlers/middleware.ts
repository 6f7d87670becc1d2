/**
 * What happens around every handler, named and applied in one place (index.ts) instead of
 * patched into the table: a middleware sees the method's name, the caller and a `next` that runs
 * the handler, and may act before or after it.
 */
import { CountersignError } from '../../../contract/errors.ts';
import {
  METHOD_ROLES,
  roleAllows,
  type Caller,
  type ContractHandlers,
  type MethodName,
  type StaffMember,
} from '../../../contract/ipc.ts';
import { manualCheckDetail, manualCheckFacts } from '../../../contract/manual-check.ts';
import type { AuditFacts, AuditLog } from '../audit/index.ts';
import type { StaffRoster } from '../staff/index.ts';

export type Middleware = (
  name: MethodName,
  caller: Caller,
  next: () => Promise<unknown>,
  /** The parsed arguments, to read (an id, a reason): never to change. */
  args: unknown,
) => Promise<unknown>;

/** Wraps every handler of the table in the middleware, the first outermost. */
export function applyMiddleware(
  table: ContractHandlers,
  middleware: readonly Middleware[],
): ContractHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(table) as Array<
    [MethodName, (a: unknown, c: Caller) => Promise<unknown>]
  >) {
    wrapped[name] = (args: unknown, caller: Caller) => {
      const run = (i: number): Promise<unknown> => {
        const layer = middleware[i];
        return layer ? layer(name, caller, () => run(i + 1), args) : handler(args, caller);
      };
      return run(0);
    };
  }
  return wrapped as ContractHandlers;
}

/** Every call from a window says someone is using the app: the connectivity heartbeat's cue. */
export function noteWindowActivity(connectivity: { noteActivity(): void }): Middleware {
  return (_name, _caller, next) => {
    connectivity.noteActivity();
    return next();
  };
}

/**
 * A kiosk customer's own calls (their screen's buttons, the PIN pad) are their input: the
 * walk-away waits again. Main also feeds touches on the window; in the harness these calls are
 * the only input there is.
 */
export function noteCustomerActivity(walkAway: { noteActivity(): void } | null): Middleware {
  return (name, caller, next) => {
    if (
      walkAway &&
      caller.window === 'customer' &&
      (name.startsWith('customer.') || name.startsWith('kiosk.'))
    ) {
      walkAway.noteActivity();
    }
    return next();
  };
}

// ---------------------------------------------------------------------------------------------
/*
 * Who may call what, and the record of it: the middleware that applies the contract's role table
 * (contract/staff.ts `METHOD_ROLES`, written once) while staff sign-in is on, and writes every
 * staff action to the audit trail — who, when, what, which verification by its id and reference,
 * the reason given — refused and failed ones too. Reads (the status, lists, details) are not
 * written. The customer window's calls are the customer's: never refused here, never recorded.
 */

/** Methods that only read: not written to the trail, refused or not. */
const READS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.status',
  'app.reportError',
  'settings.get',
  'sessions.list',
  'sessions.get',
  'kiosk.status',
  'outbox.status',
  'history.search',
  'staff.status',
  'staff.recoveryStatus',
  'audit.list',
  'customer.state',
]);

/**
 * Written by their own handler: a sign-in names who tried, whoever is signed in; a recovery
 * names the manager whose PIN was set, with nobody as the actor.
 */
const SELF_AUDITED: ReadonlySet<MethodName> = new Set<MethodName>(['staff.signIn', 'staff.recover']);

export interface GuardOptions {
  staff: StaffRoster;
  audit: AuditLog;
  /** The shop's reference of a session, for the trail; null when unknown. */
  referenceOf: (sessionId: string) => string | null;
}

/** Nobody signed in, or a clerk where a manager is needed (a clerk's methods need only a person). */
function notPermitted(member: StaffMember | null): CountersignError {
  if (member === null) {
    return new CountersignError('not_permitted', 'Sign in with your staff PIN first.', {
      text: { id: 'staff_sign_in_needed', params: {} },
    });
  }
  return new CountersignError('not_permitted', 'Only a manager may do this. Ask a manager to sign in.', {
    text: { id: 'staff_role_needed', params: {} },
  });
}

/** What the trail keeps of a call's arguments: ids and reasons, never a key, a PIN or an email. */
function factsOf(
  name: MethodName,
  args: unknown,
  o: GuardOptions,
): Pick<AuditFacts, 'sessionId' | 'reference' | 'reason' | 'note' | 'detail'> {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const sessionId = typeof a.id === 'string' && a.id.startsWith('vs_') ? a.id : null;
  const reason =
    name === 'sessions.result' && typeof a.reason === 'string' ? (a.reason as AuditFacts['reason']) : null;
  const note = name === 'sessions.result' && typeof a.note === 'string' && a.note !== '' ? a.note : null;
  let detail: string | null = null;
  if (name === 'settings.update') detail = `changed: ${Object.keys(a).sort().join(', ')}`.slice(0, 300);
  else if (name === 'staff.addMember') detail = `${String(a.name)} (${String(a.role)})`.slice(0, 300);
  else if (name === 'staff.removeMember')
    detail = (o.staff.member(String(a.id))?.name ?? String(a.id)).slice(0, 300);
  else if (name === 'staff.setEnabled')
    detail = `enabled: ${String(a.enabled)}${a.idleMinutes ? `, idle ${String(a.idleMinutes)} min` : ''}`;
  else if (name === 'outbox.withdraw' && typeof a.clientReferenceId === 'string')
    detail = a.clientReferenceId;
  else if (name === 'customer.present' && typeof a.via === 'string') detail = `via ${a.via}`;
  // The document's type, outcome and why; never its digits (the history keeps those).
  else if (name === 'sessions.manualCheck') {
    const facts = manualCheckFacts(a);
    detail = facts ? manualCheckDetail(facts) : null;
  }
  const typedReference =
    name === 'sessions.manualCheck' && typeof a.reference === 'string' ? a.reference : null;
  return {
    sessionId,
    reference: sessionId ? o.referenceOf(sessionId) : typedReference,
    reason,
    note,
    detail,
  };
}

export function guardAndAudit(o: GuardOptions): Middleware {
  return async (name, caller, next, args) => {
    if (caller.window === 'customer') return next();
    const needed = METHOD_ROLES[name];
    const on = o.staff.enabled();
    // Before the call: who was signed in when it was asked (a sign-out call ends with nobody).
    const member = on ? o.staff.signedIn() : null;
    const write = (outcome: AuditFacts['outcome']) =>
      o.audit.append({ actor: member, action: name, outcome, ...factsOf(name, args, o) });
    if (on && needed !== 'open' && !roleAllows(member?.role ?? null, needed)) {
      // A refused read is not written: a signed-out console refreshing its lists would flood it.
      if (!READS.has(name)) write('refused');
      throw notPermitted(member);
    }
    if (member) o.staff.noteActivity();
    if (on && name === 'sessions.result') {
      const a = args as { reason?: string };
      if (!a.reason) {
        write('refused');
        throw new CountersignError('invalid_input', 'Choose why you are revealing the verified details.', {
          detail: { field: 'reason' },
          text: { id: 'reveal_reason_needed', params: {} },
        });
      }
    }
    const audited = !READS.has(name) && !SELF_AUDITED.has(name);
    try {
      const result = await next();
      if (audited) write('ok');
      return result;
    } catch (error) {
      if (audited)
        write(error instanceof CountersignError && error.code === 'not_permitted' ? 'refused' : 'failed');
      throw error;
    }
  };
}
