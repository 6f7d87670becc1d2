/**
 * The contract's names and channel helpers, without a single schema: what the preload (and the
 * renderer at run time) need, so neither bundles zod. contract/ipc.ts re-exports all of this
 * and checks at compile time that these lists match its methods and events exactly.
 */
import type { ErrorPayload } from './errors.ts';

export const METHOD_NAMES = [
  'app.status',
  'app.reportError',
  'settings.get',
  'settings.update',
  'settings.managed',
  'key.store',
  'key.remove',
  'key.test',
  'key.storeRestricted',
  'key.removeRestricted',
  'sessions.start',
  'sessions.list',
  'sessions.get',
  'sessions.retry',
  'sessions.cancel',
  'sessions.redact',
  'sessions.result',
  'sessions.manualCheck',
  'customer.present',
  'customer.state',
  'customer.begin',
  'customer.retry',
  'customer.done',
  'customer.setLanguage',
  'customer.help',
  'kiosk.unlock',
  'kiosk.setPin',
  'kiosk.status',
  'history.search',
  'history.exportCsv',
  'outbox.status',
  'outbox.withdraw',
  'diagnostics.export',
  // Countersign Hub
  'hub.connect',
  'hub.disconnect',
  // Staff sign-in and the audit trail
  'staff.status',
  'staff.signIn',
  'staff.signOut',
  'staff.setEnabled',
  'staff.addMember',
  'staff.removeMember',
  'staff.recoveryStatus',
  'staff.newRecoveryCode',
  'staff.recover',
  'audit.list',
  'audit.export',
] as const;

export const EVENT_NAMES = [
  'session.updated',
  'status.changed',
  'outbox.item',
  'customer.changed',
  'settings.changed',
  'staff.changed',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel names: a fixed prefix, so nothing else on ipcMain can be reached by name. */
export const METHOD_CHANNEL_PREFIX = 'countersign:';
export const EVENT_CHANNEL_PREFIX = 'countersign-event:';
export const methodChannel = (name: MethodName): string => METHOD_CHANNEL_PREFIX + name;
export const eventChannel = (name: EventName): string => EVENT_CHANNEL_PREFIX + name;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/** A value that looks like an ErrorPayload: how the renderer tells a typed error from a bug. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export const SETTINGS_BOUNDS = {
  intervalMs: { min: 250, max: 60_000 },
  idleResetSeconds: { min: 10, max: 3600 },
  retentionDays: { min: 1, max: 3650 },
  maxAttempts: { min: 1, max: 10 },
  /** Days after a session ends before it is redacted at Stripe (null: never). */
  redactAfterDays: { min: 1, max: 3650 },
} as const;
