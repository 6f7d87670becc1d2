/**
 * Stripe's idempotent requests: the first response to a POST with an Idempotency-Key is saved
 * (status and body) and replayed for retries with the same parameters for 24 hours; the same key
 * with different parameters (or another endpoint) is an idempotency_error. Requests that fail
 * validation are not saved, since the endpoint never started executing.
 */
import { idempotencyMismatch } from './errors.ts';

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface SavedResponse {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  response: SavedResponse;
  savedAt: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  private prune(): void {
    const cutoff = this.now() - KEY_LIFETIME_MS;
    for (const [key, entry] of this.entries) {
      if (entry.savedAt <= cutoff) this.entries.delete(key);
    }
  }

  /**
   * The saved response for a retry, undefined for a new key; throws idempotency_error when the key
   * was used with other parameters. `fingerprint` is method, path and canonical parameters.
   */
  lookup(key: string, fingerprint: string): SavedResponse | undefined {
    this.prune();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) throw idempotencyMismatch(key);
    return entry.response;
  }

  save(key: string, fingerprint: string, response: SavedResponse): void {
    this.entries.set(key, { fingerprint, response: structuredClone(response), savedAt: this.now() });
  }
}
