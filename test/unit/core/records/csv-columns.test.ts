/** The history CSV's column names: every language names every column, and the export uses them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../../../contract/languages.ts';
import { CSV_COLUMN_NAMES, CSV_COLUMNS } from '../../../../main/core/records/csv-columns.ts';
import { recordsToCsv } from '../../../../main/core/records/csv.ts';
import type { SessionRecord } from '../../../../main/core/records/index.ts';

const record: SessionRecord = {
  clientReferenceId: 'csr_a',
  sessionId: 'vs_1',
  reference: 'Order 1',
  type: 'document',
  status: 'verified',
  lastErrorCode: null,
  attempts: 1,
  station: 'counter-1',
  staff: null,
  created: Date.UTC(2025, 0, 2, 3, 4, 5),
  updated: Date.UTC(2025, 0, 2, 3, 4, 5),
  redacted: false,
  redactedAt: null,
};

describe('CSV column names per language', () => {
  for (const language of LANGUAGES) {
    it(`${language}: every column has a name of its own`, () => {
      const names = CSV_COLUMN_NAMES[language];
      assert.deepEqual(Object.keys(names).sort(), [...CSV_COLUMNS].sort());
      for (const column of CSV_COLUMNS) assert.ok(names[column].trim() !== '', `${language}: ${column}`);
      assert.equal(
        new Set(Object.values(names)).size,
        CSV_COLUMNS.length,
        `${language}: two columns share a name`,
      );
    });
  }

  it('the export writes the header in the language asked for, and the same cells in every language', () => {
    const utc = () => 0;
    const en = recordsToCsv([record], utc, 'en').slice(1).split('\r\n');
    const ja = recordsToCsv([record], utc, 'ja').slice(1).split('\r\n');
    assert.equal(en[0], CSV_COLUMNS.map((c) => CSV_COLUMN_NAMES.en[c]).join(','));
    assert.equal(ja[0], CSV_COLUMNS.map((c) => CSV_COLUMN_NAMES.ja[c]).join(','));
    assert.match(ja[0]!, /^作成日時,/);
    assert.equal(ja[1], en[1]);
    assert.equal(ja[0]!.split(',').length, ja[1]!.split(',').length);
  });
});
