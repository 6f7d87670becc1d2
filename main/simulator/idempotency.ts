/**
 * Stripe's idempotent requests: the first response to a POST with an Idempotency-Key is saved
 * (status and body) and replayed for retries with the same parameters for 24 hours; the same key
 * on another endpoint, or with different parameters, is an idempotency_error (each with Stripe's
 * own wording); a key longer than 255 characters is refused. Requests that fail validation are
 * not saved, since the endpoint never started executing. While the first request with a key is
 * still being carried out, another with the same key gets Stripe's 409 "another in-progress
 * request" idempotency_error: it neither waits nor runs a second time.
 */
import {
  ApiError,
  idempotencyEndpointMismatch,
  idempotencyInProgress,
  idempotencyMismatch,
} from './stripe-errors.ts';

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** docs.stripe.com/api/idempotent_requests: "Idempotency keys are up to 255 characters long." */
export const MAX_KEY_LENGTH = 255;

/** Refuses a key Stripe would refuse, before anything is run. */
export function checkKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH) {
    throw new ApiError(
      400,
      'invalid_request_error',
      `Idempotency-Key is too long: keys can be at most ${MAX_KEY_LENGTH} characters (this one has ${key.length}).`,
      undefined,
      undefined,
      true,
    );
  }
}

export interface SavedResponse {
  status: number;
  body: unknown;
}

interface Entry {
  /** 'POST /v1/identity/verification_sessions' */
  endpoint: string;
  /** The canonical parameters. */
  fingerprint: string;
  response: SavedResponse;
  savedAt: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  /** Keys whose first request is being carried out right now. */
  private readonly running = new Set<string>();

  constructor(private readonly now: () => number) {}

  private prune(): void {
    const cutoff = this.now() - KEY_LIFETIME_MS;
    for (const [key, entry] of this.entries) {
      if (entry.savedAt <= cutoff) this.entries.delete(key);
    }
  }

  /**
   * The saved response for a retry, undefined for a new key; throws idempotency_error when the key
   * was used on another endpoint or with other parameters.
   */
  lookup(key: string, endpoint: string, fingerprint: string): SavedResponse | undefined {
    this.prune();
    const entry = this.entries.get(key);
    if (!entry) {
      if (this.running.has(key)) throw idempotencyInProgress(key);
      return undefined;
    }
    if (entry.endpoint !== endpoint) throw idempotencyEndpointMismatch(key, entry.endpoint, endpoint);
    if (entry.fingerprint !== fingerprint) throw idempotencyMismatch(key);
    return entry.response;
  }

  /** The first request with this key starts executing; `finish` ends that (saved or not). */
  begin(key: string): void {
    this.running.add(key);
  }

  finish(key: string): void {
    this.running.delete(key);
  }

  save(key: string, endpoint: string, fingerprint: string, response: SavedResponse): void {
    this.entries.set(key, {
      endpoint,
      fingerprint,
      response: structuredClone(response),
      savedAt: this.now(),
    });
  }
}
