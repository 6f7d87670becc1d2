/**
 * The one CSV rule (base/csv.ts) that the station's history export and the hub's session lists
 * both write with: quoting, the formula guard, the BOM and CRLF line ends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvFile, csvLine } from '../../../base/csv.ts';

test('cells: quoted when they hold a quote, comma or line break; formulas defused', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('@x,y'), `"'@x,y"`);
  assert.equal(csvCell(-3), '-3', 'a number is a number, not a formula');
  assert.equal(csvCell(null), '');
  assert.equal(csvLine(['a', 1, true, undefined]), 'a,1,true,');
});

test('a file: the BOM, then every line ending in CRLF', () => {
  assert.equal(
    csvFile([
      ['h1', 'h2'],
      ['渋谷', 'x\ny'],
    ]),
    '\uFEFFh1,h2\r\n渋谷,"x\ny"\r\n',
  );
  assert.equal(csvFile([]), '\uFEFF');
});
