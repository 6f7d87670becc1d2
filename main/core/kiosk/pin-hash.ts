/**
 * How a staff secret is kept: a scrypt hash with its own random salt and its cost parameters
 * (never the secret as typed), checked in constant time. The kiosk's staff PIN, each staff
 * member's PIN and the staff recovery code are all kept this way (kiosk-pin.ts, main/core/staff).
 * The parameters are stored with the hash, so the cost can be raised in a later version: a hash
 * made with lower parameters still verifies, and is rewritten after the next correct secret.
 */
import { randomBytes as nodeRandomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/**
 * 2^15 × 8 costs 32 MiB and some tens of milliseconds per try: nothing for one staff member at a
 * kiosk, a lot for anyone trying every 4-digit PIN against a copied settings file.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
  keyLength: 32,
});

/** Parameters a stored hash may name; beyond them a damaged or hostile file could stall the app. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export interface StoredPin {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  keyLength: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

/** A stored PIN read back from a store, or null when it is not one (missing or damaged). */
export function parseStoredPin(value: unknown): StoredPin | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const int = (x: unknown, min: number, max: number): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
  if (v.algorithm !== 'scrypt') return null;
  if (!int(v.N, 2, MAX_N) || !isPowerOfTwo(v.N)) return null;
  if (!int(v.r, 1, MAX_R) || !int(v.p, 1, MAX_P) || !int(v.keyLength, 16, 64)) return null;
  if (typeof v.salt !== 'string' || typeof v.hash !== 'string') return null;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(v.salt) || !base64.test(v.hash)) return null;
  if (Buffer.from(v.salt, 'base64').length < 16) return null;
  if (Buffer.from(v.hash, 'base64').length !== v.keyLength) return null;
  return { algorithm: 'scrypt', N: v.N, r: v.r, p: v.p, keyLength: v.keyLength, salt: v.salt, hash: v.hash };
}

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 × N × r bytes; Node refuses above 32 MiB unless told, and 2^15 × 8 is exactly that.
  const maxmem = 256 * params.N * params.r;
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, params.keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a short secret (a PIN whose rules were checked, a recovery code) with a fresh 16-byte
 * salt. The rules are the caller's: kiosk-pin.ts `hashPin` checks a PIN's first.
 */
export async function hashSecret(
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  randomBytes: (size: number) => Buffer = nodeRandomBytes,
): Promise<StoredPin> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, params);
  return {
    algorithm: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    keyLength: params.keyLength,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
  };
}

/**
 * Whether `pin` is the stored one. The comparison takes the same time wherever the bytes differ
 * (`timingSafeEqual`), and a PIN of the wrong shape is hashed all the same, so the time taken
 * tells nothing about the PIN.
 */
export async function verifyPin(pin: string, stored: StoredPin): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(
    typeof pin === 'string' ? pin.slice(0, 64) : '',
    Buffer.from(stored.salt, 'base64'),
    stored,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with weaker parameters than `params` (rehash it after a correct PIN). */
export function needsRehash(stored: StoredPin, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  return (
    stored.N < params.N || stored.r < params.r || stored.p < params.p || stored.keyLength < params.keyLength
  );
}
