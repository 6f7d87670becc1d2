/**
 * The alert POST's signature, in the shape of Stripe's webhook signatures: the header
 * `Countersign-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the
 * signing secret>`. A receiver recomputes the HMAC over the raw body, compares in constant time,
 * and refuses a `t` older than its tolerance (replays); `verifyAlertSignature` does exactly that.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ALERT_SIGNATURE_HEADER = 'countersign-signature';

export function signAlert(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** True when `header` signs `body` with `secret` and its time is within `toleranceS` of `nowS`. */
export function verifyAlertSignature(
  header: string | undefined,
  body: string,
  secret: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const parts = new Map<string, string[]>();
  for (const item of (header ?? '').split(',')) {
    const [k = '', v = ''] = item.split('=', 2);
    parts.set(k.trim(), [...(parts.get(k.trim()) ?? []), v.trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signAlert(secret, body, t).split('v1=')[1] ?? '', 'hex');
  return (parts.get('v1') ?? []).some((v) => {
    const got = Buffer.from(v, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
