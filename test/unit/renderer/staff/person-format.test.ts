/** A revealed name and address as the console's language writes them (renderer/src/staff/person-format.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressLines, nameRows, PERSON_LABEL_KEYS } from '../../../../renderer/src/staff/person-format.ts';

const SHIBUYA = {
  line1: '渋谷2-21-1',
  line2: '渋谷ヒカリエ10階',
  city: '渋谷区',
  state: '東京都',
  postal_code: '150-8510',
  country: 'JP',
};
const SF = {
  line1: '354 Oyster Point Blvd',
  line2: null,
  city: 'South San Francisco',
  state: 'CA',
  postal_code: '94080',
  country: 'US',
};

describe('person format', () => {
  it('Japanese: family name first, labelled 姓 and 名', () => {
    assert.deepEqual(nameRows({ firstName: '太郎', lastName: '山田' }, 'ja'), [
      { label: PERSON_LABEL_KEYS.family_name, lines: ['山田'] },
      { label: PERSON_LABEL_KEYS.given_name, lines: ['太郎'] },
    ]);
    // A Latin name in a Japanese console: still family name first, each labelled.
    assert.deepEqual(
      nameRows({ firstName: 'Jenny', lastName: 'Rosen' }, 'ja').map((r) => r.lines[0]),
      ['Rosen', 'Jenny'],
    );
    assert.deepEqual(nameRows({ firstName: null, lastName: '山田' }, 'ja'), [
      { label: PERSON_LABEL_KEYS.family_name, lines: ['山田'] },
    ]);
  });

  it('English: one row, given name first', () => {
    assert.deepEqual(nameRows({ firstName: 'Jenny', lastName: 'Rosen' }, 'en'), [
      { label: PERSON_LABEL_KEYS.name, lines: ['Jenny Rosen'] },
    ]);
    assert.deepEqual(nameRows({ firstName: ' ', lastName: null }, 'en'), []);
  });

  it('a Japanese address in a Japanese console: 〒postal code, prefecture+city+street, building', () => {
    assert.deepEqual(addressLines(SHIBUYA, 'ja'), [
      '〒150-8510',
      '東京都渋谷区渋谷2-21-1',
      '渋谷ヒカリエ10階',
    ]);
    assert.deepEqual(addressLines({ ...SHIBUYA, line2: null, postal_code: null, country: 'jp' }, 'ja'), [
      '東京都渋谷区渋谷2-21-1',
    ]);
    // Romanised parts keep a space between them.
    assert.deepEqual(
      addressLines(
        { ...SHIBUYA, state: 'Tokyo', city: 'Shibuya-ku', line1: '2-21-1 Shibuya', line2: null },
        'ja',
      ),
      ['〒150-8510', 'Tokyo Shibuya-ku 2-21-1 Shibuya'],
    );
  });

  it('any other address, or an English console: Stripe’s order on one line', () => {
    assert.deepEqual(addressLines(SF, 'ja'), ['354 Oyster Point Blvd, South San Francisco, CA, 94080, US']);
    assert.deepEqual(addressLines(SHIBUYA, 'en'), [
      '渋谷2-21-1, 渋谷ヒカリエ10階, 渋谷区, 東京都, 150-8510, JP',
    ]);
    assert.deepEqual(addressLines(null, 'ja'), []);
    assert.deepEqual(
      addressLines(
        { line1: null, line2: null, city: null, state: null, postal_code: null, country: null },
        'en',
      ),
      [],
    );
  });
});
