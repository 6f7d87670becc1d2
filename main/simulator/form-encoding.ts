/**
 * Decodes Stripe's form encoding (application/x-www-form-urlencoded with bracket nesting), the
 * way the official SDK sends both POST bodies and GET query strings:
 *
 *   options[document][allowed_types][0]=passport&metadata[ref]=x&expand[]=verified_outputs
 *
 * The result only has strings and objects. Arrays stay objects with index keys ('0', '1', ...)
 * because the decoder cannot know whether `metadata[0]` is a list or a key called "0"; the
 * parameter validation, which knows the expected shape, turns them into arrays.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** A key that cannot be decoded consistently, such as `a=1&a[b]=2`. */
export class FormDecodeError extends Error {
  override readonly name = 'FormDecodeError';
  constructor(readonly param: string) {
    super(`Invalid ${param}: it was sent both as a value and as a hash`);
  }
}

// Objects without a prototype, so keys such as `__proto__` or `constructor` are plain keys.
function emptyObject(): FormObject {
  return Object.create(null) as FormObject;
}

const KEY_PATTERN = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** Splits `a[b][]` into ['a', 'b', '']. A key that does not follow the pattern is one literal name. */
function splitKey(key: string): string[] {
  const match = KEY_PATTERN.exec(key);
  if (!match) return [key];
  const [, head = key, rest = ''] = match;
  const parts = [head];
  for (const m of rest.matchAll(/\[([^[\]]*)\]/g)) parts.push(m[1] ?? '');
  return parts;
}

function nextIndex(target: FormObject): string {
  let count = 0;
  for (const k of Object.keys(target)) if (/^\d+$/.test(k)) count = Math.max(count, Number(k) + 1);
  return String(count);
}

export function decodeForm(input: string): FormObject {
  const root = emptyObject();
  for (const [key, value] of new URLSearchParams(input)) {
    const parts = splitKey(key);
    let target = root;
    let path = '';
    for (let i = 0; i < parts.length; i += 1) {
      const raw = parts[i] ?? '';
      const part = i > 0 && raw === '' ? nextIndex(target) : raw;
      path = i === 0 ? part : `${path}[${part}]`;
      const last = i === parts.length - 1;
      const existing = target[part];
      if (last) {
        if (existing !== undefined && typeof existing !== 'string') throw new FormDecodeError(path);
        target[part] = value;
      } else {
        if (existing === undefined) {
          const child = emptyObject();
          target[part] = child;
          target = child;
        } else if (typeof existing === 'string') {
          throw new FormDecodeError(path);
        } else {
          target = existing;
        }
      }
    }
  }
  return root;
}

/** A stable text form of decoded parameters, for comparing an idempotent retry with its original. */
export function canonicalForm(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(value[k] as FormValue)}`).join(',')}}`;
}
