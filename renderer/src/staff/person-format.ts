/**
 * A revealed person's name and address as the console's language writes them (pure, so it is
 * unit-tested without React or a catalogue): the name's rows, each a label key of the staff
 * catalogue and its value, and the address's lines.
 * - Name: in English one row, given name first ("Jenny Rosen"); in Japanese family name first, in
 *   two labelled rows, 姓 then 名 (docs/glossary-ja.md).
 * - Address: a Japanese address (country JP) in a Japanese console in Japanese order, one line
 *   each: 〒postal code; prefecture, city and street written together (東京都渋谷区渋谷2-21-1);
 *   the building (line2). Any other address keeps Stripe's order on one line, separated by
 *   commas, the country code last.
 */
import type { Language } from '../../../contract/languages.ts';
import type { VerifiedResult } from '../../../contract/ipc.ts';

/** The staff catalogue's labels of these rows (listed for the catalogue test: i18n-key-tables.ts). */
export const PERSON_LABEL_KEYS = {
  name: 'staff:result.name',
  family_name: 'staff:result.family_name',
  given_name: 'staff:result.given_name',
} as const;
export type PersonLabel = (typeof PERSON_LABEL_KEYS)[keyof typeof PERSON_LABEL_KEYS];
export interface PersonRow {
  label: PersonLabel;
  /** The value's lines, each shown on a line of its own. */
  lines: string[];
}

const present = (parts: ReadonlyArray<string | null | undefined>): string[] =>
  parts.map((p) => (p ?? '').trim()).filter((p) => p !== '');

export function nameRows(
  person: Pick<VerifiedResult, 'firstName' | 'lastName'>,
  language: Language,
): PersonRow[] {
  const given = present([person.firstName])[0];
  const family = present([person.lastName])[0];
  if (language === 'ja') {
    return [
      ...(family ? [{ label: PERSON_LABEL_KEYS.family_name, lines: [family] }] : []),
      ...(given ? [{ label: PERSON_LABEL_KEYS.given_name, lines: [given] }] : []),
    ];
  }
  const name = present([given, family]).join(' ');
  return name ? [{ label: PERSON_LABEL_KEYS.name, lines: [name] }] : [];
}

/** Japanese parts written together (東京都渋谷区); a space only between two Latin ones (Tokyo Shibuya-ku). */
function joinJapanese(parts: readonly string[]): string {
  return parts.reduce(
    (out, part) =>
      out === ''
        ? part
        : /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(part)
          ? `${out} ${part}`
          : out + part,
    '',
  );
}

export function addressLines(address: VerifiedResult['address'], language: Language): string[] {
  if (!address) return [];
  if (language === 'ja' && address.country?.trim().toUpperCase() === 'JP') {
    const postal = present([address.postal_code])[0];
    const street = joinJapanese(present([address.state, address.city, address.line1]));
    return present([postal ? `〒${postal}` : null, street, address.line2]);
  }
  const western = present([
    address.line1,
    address.line2,
    address.city,
    address.state,
    address.postal_code,
    address.country,
  ]);
  return western.length > 0 ? [western.join(', ')] : [];
}
