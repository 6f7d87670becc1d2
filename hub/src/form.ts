/**
 * Stripe's form encoding as the SDK writes it (`metadata[k]=v`, `options[document][x]=true`,
 * `expand[0]=verified_outputs` or `expand[]=…`), parsed into nested objects and arrays of
 * strings. Bounded: a body or query is refused past `MAX_PAIRS` pairs or `MAX_DEPTH` levels.
 */
import { invalidRequest } from './errors.ts';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const MAX_PAIRS = 500;
const MAX_DEPTH = 5;

function pathOf(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  for (const m of key.slice(first).matchAll(/\[([^\]]*)\]/g)) parts.push(m[1] ?? '');
  return parts;
}

export function parseForm(text: string): FormObject {
  const params = new URLSearchParams(text);
  const root: FormObject = {};
  let pairs = 0;
  for (const [key, value] of params) {
    if (++pairs > MAX_PAIRS) throw invalidRequest('Too many parameters.');
    const path = pathOf(key);
    if (path.length > MAX_DEPTH || !path[0])
      throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}`);
    let node: FormObject | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i] ?? '';
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1] ?? '');
      if (Array.isArray(node)) {
        const index = part === '' ? node.length : Number(part);
        if (!Number.isInteger(index) || index > MAX_PAIRS)
          throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}`);
        if (last) node[index] = value;
        else node = (node[index] ??= nextIsIndex ? [] : {}) as FormObject | FormValue[];
      } else {
        if (part === '__proto__' || part === 'constructor' || part === 'prototype') {
          throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}`);
        }
        if (last) node[part] = value;
        else {
          const existing: FormValue | undefined = node[part];
          if (existing === undefined || typeof existing === 'string') node[part] = nextIsIndex ? [] : {};
          node = node[part] as FormObject | FormValue[];
        }
      }
    }
  }
  return root;
}

/** `expand` as a list of strings, whichever way it was written. */
export function expandList(form: FormObject): string[] {
  const e = form.expand;
  if (e === undefined) return [];
  const list = Array.isArray(e) ? e : typeof e === 'string' ? [e] : Object.values(e);
  return list.filter((x): x is string => typeof x === 'string');
}
