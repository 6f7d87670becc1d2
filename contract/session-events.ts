/**
 * The six Stripe Identity event types Countersign follows, written once: the station's watcher
 * asks the Events API for them, the simulator emits them, and the hub accepts them from Stripe's
 * webhooks. Names from Stripe's API reference ("Types of events", identity.verification_session.*).
 */
export const SESSION_EVENT_TYPES = [
  'identity.verification_session.created',
  'identity.verification_session.processing',
  'identity.verification_session.verified',
  'identity.verification_session.requires_input',
  'identity.verification_session.canceled',
  'identity.verification_session.redacted',
] as const;

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

export function isSessionEventType(value: unknown): value is SessionEventType {
  return typeof value === 'string' && (SESSION_EVENT_TYPES as readonly string[]).includes(value);
}
