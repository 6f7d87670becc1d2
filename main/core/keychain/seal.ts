/**
 * Sealing of the personal data a queued creation must keep until it is sent (email, phone):
 * AES-256-GCM under a key the app keeps in the OS keychain, bound to the item's id so a sealed
 * box cannot be moved to another item. A stolen outbox file alone reveals nothing personal.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CountersignError } from '../../../contract/errors.ts';
import type { Keychain } from './vault.ts';

export const sealedBoxSchema = z
  .object({
    v: z.literal(1),
    iv: z.string().min(1),
    tag: z.string().min(1),
    data: z.string(),
  })
  .strict();
export type SealedBox = z.infer<typeof sealedBoxSchema>;

const SEAL_KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  if (key.length !== SEAL_KEY_BYTES) {
    throw new CountersignError('internal', 'The outbox sealing key must be 32 bytes (AES-256).');
  }
}

export function seal(plain: unknown, key: Buffer, boundTo: string): SealedBox {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function unseal(box: SealedBox, key: Buffer, boundTo: string): unknown {
  checkKey(key);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch (error) {
    throw new CountersignError(
      'store_corrupt',
      'A queued verification could not be unsealed (the sealing key changed or the file was altered).',
      { cause: error, text: { id: 'queued_unsealable', params: {} } },
    );
  }
}

const SEAL_KEY_ACCOUNT = 'outbox-seal-key';

/**
 * The key that seals queued email/phone lives in the keychain beside the Stripe key. Without a
 * keychain (or when it refuses), a fresh key lasts until the app closes: `durable` says which.
 */
export async function loadSealKey(
  keychain: Keychain | null,
  service: string,
): Promise<{ key: Buffer; durable: boolean }> {
  if (!keychain) return { key: randomBytes(32), durable: false };
  try {
    const existing = await keychain.getPassword(service, SEAL_KEY_ACCOUNT);
    if (existing && Buffer.from(existing, 'base64').length === 32) {
      return { key: Buffer.from(existing, 'base64'), durable: true };
    }
    const fresh = randomBytes(32);
    await keychain.setPassword(service, SEAL_KEY_ACCOUNT, fresh.toString('base64'));
    return { key: fresh, durable: true };
  } catch {
    return { key: randomBytes(32), durable: false };
  }
}
