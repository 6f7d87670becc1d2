/**
 * What PostgreSQL refuses in text, checked before anything is stored or sent on: a NUL character
 * (`text` cannot hold `\0`, `jsonb` cannot hold `\u0000`) and invalid Unicode (a lone UTF-16
 * surrogate, which JSON's `\ud800` can carry and UTF-8 cannot encode). Plus length: a field
 * longer than the hub or Stripe accepts is refused here rather than by a later step.
 *
 * Requests: every string of a parsed body, query and path parameter is checked by one hook
 * (server.ts) before any route runs, so a refusal is a 400 `parameter_invalid` naming the
 * parameter, and nothing has reached Stripe or the database. Webhooks cannot be refused (Stripe
 * would send the same bytes again for days): their offending values are replaced (`storable`).
 */
import { invalidRequest } from './errors.ts';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The longest string any request parameter may carry (Stripe's longest text parameter). */
export const TEXT_MAX = 5000;

/** What is wrong with `value` as text for PostgreSQL, or null. */
export function textProblem(value: string, max = TEXT_MAX): string | null {
  if (value.includes('\0')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode';
  if (value.length > max) return `is longer than ${max} characters`;
  return null;
}

/** Refuses (400 parameter_invalid) the first string under `value` that PostgreSQL cannot hold. */
export function checkStrings(value: unknown, path: string, max = TEXT_MAX, depth = 0): void {
  if (depth > 8) throw invalidRequest('The request is nested too deeply.', path);
  if (typeof value === 'string') {
    const problem = textProblem(value, max);
    if (problem) throw invalidRequest(`${path || 'A value'} ${problem}.`, path || undefined);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkStrings(v, `${path}[${i}]`, max, depth + 1));
    return;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}[${k}]` : k;
      checkStrings(k, `${at} (its name)`, 200, depth + 1);
      checkStrings(v, at, max, depth + 1);
    }
  }
}

/** Stripe's own limits on metadata: at most 50 keys, keys up to 40 characters, values up to 500. */
export function checkMetadata(metadata: unknown): void {
  if (metadata === undefined || metadata === '') return;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw invalidRequest('metadata must be a set of key-value pairs.', 'metadata');
  }
  const entries = Object.entries(metadata);
  if (entries.length > 50) throw invalidRequest('metadata has more than 50 keys.', 'metadata');
  for (const [key, value] of entries) {
    if (key.length > 40) throw invalidRequest('A metadata key is longer than 40 characters.', 'metadata');
    if (typeof value !== 'string') throw invalidRequest(`metadata[${key}] must be text.`, `metadata[${key}]`);
    if (value.length > 500) {
      throw invalidRequest(`metadata[${key}] is longer than 500 characters.`, `metadata[${key}]`);
    }
  }
}

const REPLACEMENT = '\uFFFD';

/**
 * `value` with every string made storable: NUL characters and lone surrogates replaced by U+FFFD,
 * object keys too. `replaced` lists where (for the log line; the values themselves are not kept).
 */
export function storable<T>(value: T): { value: T; replaced: string[] } {
  const replaced: string[] = [];
  const clean = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const fixed = v.replace(LONE_SURROGATES, REPLACEMENT).replaceAll('\0', REPLACEMENT);
      if (fixed !== v) replaced.push(path || '(root)');
      return fixed;
    }
    if (depth > 32) return v;
    if (Array.isArray(v)) return v.map((x, i) => clean(x, `${path}[${i}]`, depth + 1));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const key = clean(k, `${path}.<key>`, depth + 1) as string;
        out[key] = clean(x, path ? `${path}.${key}` : key, depth + 1);
      }
      return out;
    }
    return v;
  };
  return { value: clean(value, '', 0) as T, replaced };
}
