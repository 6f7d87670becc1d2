/**
 * The Events API's type filters: `type` is one name or a pattern with `*` wildcards
 * (identity.verification_session.*), `types[]` is up to 20 exact names; not both.
 */
import { invalidParameter } from './stripe-errors.ts';
import type { Parsed } from './params.ts';

export function eventTypeMatcher(
  type: Parsed | undefined,
  types: Parsed | undefined,
): (t: string) => boolean {
  if (type !== undefined && types !== undefined) {
    throw invalidParameter(
      'types',
      'You may pass either type or types, but not both.',
      'parameters_exclusive',
    );
  }
  if (typeof type === 'string') {
    if (!type.includes('*')) return (t) => t === type;
    const pattern = type
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const regex = new RegExp(`^${pattern}$`);
    return (t) => regex.test(t);
  }
  if (Array.isArray(types)) {
    const wanted = new Set(types as string[]);
    return (t) => wanted.has(t);
  }
  return () => true;
}
