/**
 * A PIN typed on the fleet page, hashed on the hub in the station's own stored form
 * (main/core/kiosk/kiosk-pin.ts `StoredPin`, contract/policy.ts `pinHashSchema`) with the
 * station's scrypt parameters, so a station checks it as it checks its own: the policy's kiosk
 * PIN (policy.ts) and each staff member's PIN (staff.ts). Only the hash is kept.
 */
import { randomBytes, scrypt } from 'node:crypto';
import type { PinHash } from '../../contract/policy.ts';

/** The station's scrypt parameters (kiosk-pin.ts DEFAULT_SCRYPT_PARAMS). */
const PIN_SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  const hash = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      pin,
      salt,
      PIN_SCRYPT.keyLength,
      { N: PIN_SCRYPT.N, r: PIN_SCRYPT.r, p: PIN_SCRYPT.p, maxmem: 256 * PIN_SCRYPT.N * PIN_SCRYPT.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
  return { algorithm: 'scrypt', ...PIN_SCRYPT, salt: salt.toString('base64'), hash: hash.toString('base64') };
}
