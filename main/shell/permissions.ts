/**
 * The permission policy, deny by default (Signal Desktop's habit of an explicit table). The only
 * thing Countersign's windows ever need is the camera, for Stripe's document photo and selfie,
 * in the customer window, on the hosted flow's origin. No microphone: the flow takes pictures,
 * it records no sound.
 */
import type { WindowKind } from '../../contract/ipc.ts';
import { originForLog, trustedWebOrigin } from './origins.ts';

export interface PermissionRequestFacts {
  /** Electron's permission name ('media', 'geolocation', 'notifications'...). */
  permission: string;
  /** The requesting origin or URL; only its origin is used and logged. */
  requestingOrigin: string;
  /** null when the request does not come from one of the app's windows. */
  window: WindowKind | null;
  hostedOrigin: string | null;
  /** For 'media': the kinds asked for (request handler) or checked (check handler). */
  mediaTypes?: readonly string[] | undefined;
}

export interface PermissionDecision {
  allow: boolean;
  reason: string;
}

export interface PermissionLogEntry {
  permission: string;
  origin: string;
  window: WindowKind | null;
  allow: boolean;
  reason: string;
}

export type PermissionLogger = (entry: PermissionLogEntry) => void;

/** Permissions that can ever be granted, and only to the hosted origin in the customer window. */
const GRANTABLE = new Set(['media', 'fullscreen']);

function decide(facts: PermissionRequestFacts): PermissionDecision {
  if (!GRANTABLE.has(facts.permission)) return { allow: false, reason: 'not needed by Countersign' };
  if (facts.window !== 'customer') return { allow: false, reason: 'only the customer window may ask' };
  const hosted = trustedWebOrigin(facts.hostedOrigin);
  if (hosted === null) return { allow: false, reason: 'no hosted flow is open' };
  if (trustedWebOrigin(facts.requestingOrigin) !== hosted) {
    return { allow: false, reason: 'not the hosted verification origin' };
  }
  if (facts.permission === 'media') {
    const types = facts.mediaTypes ?? [];
    if (types.length === 0) return { allow: false, reason: 'media without a stated kind' };
    if (!types.every((t) => t === 'video')) return { allow: false, reason: 'camera only, no microphone' };
    return { allow: true, reason: 'camera for the hosted verification flow' };
  }
  return { allow: true, reason: 'fullscreen for the hosted verification flow' };
}

/** Decides and logs (origin only: the hosted url's path and query are secrets). */
export function decidePermission(facts: PermissionRequestFacts, log: PermissionLogger): PermissionDecision {
  const decision = decide(facts);
  log({
    permission: facts.permission.slice(0, 64),
    origin: originForLog(facts.requestingOrigin),
    window: facts.window,
    allow: decision.allow,
    reason: decision.reason,
  });
  return decision;
}
