/**
 * Staff roles and the one table of which role each method needs, without zod: the staff window
 * reads it in its first bundle (to hide what the person signed in may not do), and main
 * enforces it around every handler (main/core/handlers/middleware.ts). It applies while staff
 * sign-in is on; off (the default, a one-person shop), every method is open as before.
 */
import type { MethodName } from './channels.ts';

export const STAFF_ROLES = ['clerk', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What each method needs while sign-in is on: `open` (nobody need be signed in: reading the
 * status, signing in, the recovery code's way back, the customer's own screen), `clerk` (any signed-in person) or `manager`.
 * Calls from the customer window are the customer's, never staff's: they are always open.
 */
export const METHOD_ROLES: Readonly<Record<MethodName, 'open' | StaffRole>> = {
  'app.status': 'open',
  'app.reportError': 'open',
  'settings.get': 'open',
  'settings.managed': 'open',
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
  'sessions.manualCheck': 'manager',
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
  'staff.recoveryStatus': 'open',
  'staff.newRecoveryCode': 'manager',
  // The way back when every manager has forgotten their PIN: the recovery code is the credential.
  'staff.recover': 'open',
  'audit.list': 'manager',
  'audit.export': 'manager',
};

/** Whether `role` may call a method that needs `needed`. */
export function roleAllows(role: StaffRole | null, needed: 'open' | StaffRole): boolean {
  if (needed === 'open') return true;
  if (role === null) return false;
  return needed === 'clerk' || role === 'manager';
}

/** Why a manager reveals a verified result: Stripe's data is shown for a reason, and it is kept. */
export const REVEAL_REASONS = ['age_check', 'contract', 'other'] as const;
export type RevealReason = (typeof REVEAL_REASONS)[number];
export const REVEAL_NOTE_MAX = 200;

/** Minutes without a call from the console before the person is signed out, unless set. */
export const IDLE_MINUTES_DEFAULT = 10;
