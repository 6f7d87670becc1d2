/**
 * Plain words for Stripe Identity's `last_error.code` (gelato_session_last_error). The customer
 * text speaks to the person at the screen and says what to do next; the staff text says what
 * happened, for the console. The words live in the `common` catalogue under
 * `guidance.<code>.{title,customer,staff}` (customer screens use them too); the keys are derived
 * from the contract's list of codes, so every code has them and the catalogue test checks each.
 */
import { LAST_ERROR_CODES, type LastErrorCode } from '../../../contract/last-error-codes.ts';
import { i18n } from './i18n/index.ts';

export interface Guidance {
  /** Short heading for the customer screen. */
  title: string;
  /** What happened and what to do, for the customer. No jargon, no blame. */
  customer: string;
  /** The same fact for staff, one line. */
  staff: string;
}

export type GuidanceKeys = { readonly [K in keyof Guidance]: string };

function keysOf(name: LastErrorCode | 'fallback'): GuidanceKeys {
  return {
    title: `common:guidance.${name}.title`,
    customer: `common:guidance.${name}.customer`,
    staff: `common:guidance.${name}.staff`,
  };
}

/** Each code's keys, and the fallback's: for `t()` in a component, and for the catalogue test. */
export const GUIDANCE_KEYS: Readonly<Record<LastErrorCode | 'fallback', GuidanceKeys>> = Object.fromEntries(
  [...LAST_ERROR_CODES, 'fallback' as const].map((name) => [name, keysOf(name)]),
) as Record<LastErrorCode | 'fallback', GuidanceKeys>;

/** The keys for a code; a code Stripe adds after this release gets the honest fallback. */
export function guidanceKeys(code: string | null | undefined): GuidanceKeys {
  return code && Object.hasOwn(GUIDANCE_KEYS, code)
    ? GUIDANCE_KEYS[code as LastErrorCode]
    : GUIDANCE_KEYS.fallback;
}

/**
 * The guidance in the language the page speaks now. Each text is said when it is read: the
 * customer window has the customer's words only (customer/customer-catalogues.ts).
 */
export function guidanceFor(code: string | null | undefined): Guidance {
  const keys = guidanceKeys(code);
  return {
    get title() {
      return i18n.t(keys.title);
    },
    get customer() {
      return i18n.t(keys.customer);
    },
    get staff() {
      return i18n.t(keys.staff);
    },
  };
}

/** The codes this module knows (for tests and for the console's filters). */
export const KNOWN_ERROR_CODES: readonly string[] = LAST_ERROR_CODES;
