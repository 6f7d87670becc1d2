/**
 * The shape of a Stripe secret key, checked before the key goes anywhere (keychain, gateway).
 * Pure: no I/O, so it can run in the settings form, the vault and the tests alike.
 *
 * Nothing here ever puts the input into an error message: a mistyped key is still most of a
 * real key, and error messages end up on screens and in logs.
 */
import type { KEY_PROBLEMS } from '../../../contract/error-messages.ts';
import { CountersignError } from '../../../contract/errors.ts';

export type KeyKind = 'secret' | 'restricted';
export type KeyMode = 'test' | 'live';

export interface KeyInfo {
  kind: KeyKind;
  mode: KeyMode;
}

// Stripe documents keys as up to 255 characters in total (typically 24–247 after the prefix).
// We accept any length from 16 up to a generous cap: the cap only stops a pasted document from
// being stored in the keychain, it is not Stripe's rule, so it is well above anything real.
const MIN_BODY = 16;
const MAX_BODY = 1024;
const KEY_PATTERN = /^(sk|rk)_(test|live)_([A-Za-z0-9]+)$/;

const WHAT_A_KEY_LOOKS_LIKE =
  'A Stripe secret key starts with sk_test_ or sk_live_ (a restricted key with rk_test_ or rk_live_), ' +
  'followed by letters and digits, with no spaces. ' +
  'Copy it from the Stripe Dashboard: Developers → API keys.';

const KEY_PROBLEM_ENGLISH: Readonly<Record<(typeof KEY_PROBLEMS)[number], string>> = {
  missing: 'No Stripe key was given.',
  publishable: 'That is a publishable key, which cannot create verifications.',
  webhook_secret: 'That is a webhook signing secret, not an API key.',
  shape: 'That does not look like a Stripe secret key.',
};

function malformed(problem: (typeof KEY_PROBLEMS)[number]): CountersignError {
  return new CountersignError('key_malformed', `${KEY_PROBLEM_ENGLISH[problem]} ${WHAT_A_KEY_LOOKS_LIKE}`, {
    text: { id: 'key_malformed', params: { problem } },
  });
}

/**
 * Returns the key with surrounding whitespace removed (a paste often brings a newline along),
 * or throws key_malformed. Use this, not the raw input, for anything that is stored or sent.
 */
export function normalizeKey(input: unknown): string {
  if (typeof input !== 'string') throw malformed('missing');
  const key = input.trim();
  if (key === '') throw malformed('missing');
  // The common wrong pastes get a hint of their own; the message still never repeats the input.
  if (/^pk_/.test(key)) throw malformed('publishable');
  if (/^whsec_/.test(key)) throw malformed('webhook_secret');
  const match = KEY_PATTERN.exec(key);
  const body = match?.[3];
  if (body === undefined || body.length < MIN_BODY || body.length > MAX_BODY) {
    throw malformed('shape');
  }
  return key;
}

/** What kind of key this is and whether it talks to test or live mode; throws key_malformed. */
export function parseKey(input: unknown): KeyInfo {
  const key = normalizeKey(input);
  // normalizeKey has already matched the pattern, so both groups are present.
  const [, prefix, mode] = KEY_PATTERN.exec(key) as RegExpExecArray;
  return { kind: prefix === 'rk' ? 'restricted' : 'secret', mode: mode === 'live' ? 'live' : 'test' };
}

/**
 * A form of the key safe to show and log: `sk_test_…abcd` (prefix, ellipsis, last four).
 * Throws key_malformed for anything that is not a key, rather than guess what part is safe.
 */
export function maskKey(input: unknown): string {
  const key = normalizeKey(input);
  const { kind, mode } = parseKey(key);
  return `${kind === 'restricted' ? 'rk' : 'sk'}_${mode}_…${key.slice(-4)}`;
}
