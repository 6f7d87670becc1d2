/**
 * The fake person behind every verified session, and what redaction leaves of them. Stripe's own
 * test data uses Jenny Rosen; real names never appear in the simulator.
 */
export const PERSON = {
  first_name: 'Jenny',
  last_name: 'Rosen',
  dob: { day: 1, month: 1, year: 1901 },
  address: {
    city: 'San Francisco',
    country: 'US',
    line1: '1234 Main St.',
    line2: null,
    postal_code: '94111',
    state: 'CA',
  },
  /** Stripe's test-mode SSN; only its last four digits ever leave the simulator (see idNumberShown). */
  id_number: '000000000',
  id_number_type: 'us_ssn',
  document_number: 'D1234567',
  expiration_date: { day: 1, month: 12, year: 2030 },
  issued_date: { day: 1, month: 12, year: 2020 },
  email: 'jenny.rosen@example.com',
  phone: '+15555550100',
} as const;

/**
 * Redaction placeholders as Stripe's redaction example shows them
 * (docs.stripe.com/identity/verification-sessions#redact): personal strings become "[redacted]",
 * dates become year 1, month 1, day 1, and an address keeps its country. Metadata is erased.
 */
export const REDACTED = '[redacted]';
export const REDACTED_DATE = Object.freeze({ day: 1, month: 1, year: 1 });

type Address = { -readonly [K in keyof typeof PERSON.address]: string | null };

export function redactedAddress(address: Address): Address {
  const out: Address = { ...address };
  for (const key of Object.keys(out) as Array<keyof Address>) {
    if (key !== 'country' && out[key] !== null) out[key] = REDACTED;
  }
  return out;
}

/**
 * What an expanded id_number shows: for a US SSN, Stripe returns only the last four digits
 * (Stripe's guide to accessing verification results, as recorded in issue 10; not checked
 * against a live response here); other types in full.
 */
export function idNumberShown(idNumber: string, type: string): string {
  return type === 'us_ssn' ? idNumber.slice(-4) : idNumber;
}
