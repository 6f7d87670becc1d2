/**
 * The one written form of a check by staff in an audit entry (contract/manual-check.ts): what the
 * station's middleware writes, the hub reads back — every combination of the lists round-trips,
 * and anything else (another action's detail, a code off the lists, extra or missing parts,
 * digits) reads as null.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MANUAL_DOCUMENT_TYPES,
  MANUAL_OUTCOMES,
  MANUAL_REASONS,
  manualCheckDetail,
  manualCheckFacts,
  parseManualCheckDetail,
} from '../../../contract/manual-check.ts';

test('every check written is read back the same, and holds no digit', () => {
  let n = 0;
  for (const documentType of MANUAL_DOCUMENT_TYPES) {
    for (const outcome of MANUAL_OUTCOMES) {
      for (const reason of MANUAL_REASONS) {
        const facts = { documentType, outcome, reason };
        const detail = manualCheckDetail(facts);
        assert.doesNotMatch(detail, /[0-9]/);
        assert.deepEqual(parseManualCheckDetail(detail), facts, detail);
        n += 1;
      }
    }
  }
  assert.equal(n, MANUAL_DOCUMENT_TYPES.length * MANUAL_OUTCOMES.length * MANUAL_REASONS.length);
  // The form the station's trail has always held.
  assert.equal(
    manualCheckDetail({ documentType: 'passport', outcome: 'not_accepted', reason: 'declined_selfie' }),
    'passport, not_accepted, declined_selfie',
  );
});

test('anything else reads as null', () => {
  for (const junk of [
    null,
    undefined,
    42,
    '',
    'changed: language',
    'Mika Sato (manager)',
    'passport, accepted',
    'passport, accepted, declined_selfie, 1234',
    'passport,accepted,declined_selfie',
    'passport, verified, declined_selfie',
    'passport, accepted, because',
    'visa, accepted, other',
    ' passport, accepted, other',
    'Passport, accepted, other',
  ]) {
    assert.equal(parseManualCheckDetail(junk), null, String(junk));
  }
});

test('the facts of a call come from its arguments only when each is on its list', () => {
  const ok = {
    documentType: 'id_card',
    outcome: 'accepted',
    reason: 'other',
    lastDigits: '1234',
    reference: 'x',
  };
  assert.deepEqual(manualCheckFacts(ok), { documentType: 'id_card', outcome: 'accepted', reason: 'other' });
  assert.equal(manualCheckFacts({ ...ok, outcome: 'verified' }), null);
  assert.equal(manualCheckFacts({ ...ok, documentType: undefined }), null);
  assert.equal(manualCheckFacts('id_card, accepted, other'), null);
  assert.equal(manualCheckFacts(null), null);
});
