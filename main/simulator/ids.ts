/**
 * Object ids and secrets. Ids start with a fixed-width base-36 sequence number so that sorting ids
 * as text gives creation order, like Stripe's ids; the rest is random so ids never repeat across
 * simulator runs.
 */
import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** `prefix_` + 24 characters: 8 for the sequence (lowercase base 36, sorts as text) and 16 random. */
export function makeId(prefix: string, sequence: number): string {
  return `${prefix}_${sequence.toString(36).padStart(8, '0')}${randomAlphanumeric(16)}`;
}

export function generateSecretKey(): string {
  return `sk_test_sim${randomAlphanumeric(24)}`;
}

/** A restricted key of the simulated account (key-access.ts says what it may read). */
export function generateRestrictedKey(): string {
  return `rk_test_sim${randomAlphanumeric(24)}`;
}
