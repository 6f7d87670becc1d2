/**
 * The text an audit entry's hash is taken of (contract/staff.ts) is pinned: every chain already on
 * a station's disk and at the hub was hashed with it, so a change to it would report every one of
 * them as edited. The station's hash (main/core/audit) and the hub's check (hub/src/audit-detail.ts)
 * both take SHA-256 of this text; the pinned value was computed with the station's code before the
 * text moved to the contract.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { auditHashText, type AuditEntry } from '../../../contract/staff.ts';
import { sha256 } from '../../../hub/src/secrets.ts';
import { entryHash } from '../../../main/core/audit/index.ts';

const ENTRY: Omit<AuditEntry, 'hash'> = {
  seq: 7,
  at: 1764579600000,
  station: 'Counter 1',
  actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: 'manager' },
  action: 'sessions.result',
  outcome: 'ok',
  sessionId: 'vs_test1',
  reference: 'Order 1',
  reason: 'other',
  note: 'Asked by the police',
  detail: null,
  prev: '0'.repeat(64),
};

describe('the audit entry hash', () => {
  test('is the pinned SHA-256 of the entry, at the station and at the hub', () => {
    const pinned = '4c6d238e20806fb72588351bb69b2a5dc84f81df7930c775d951738dadad2aa0';
    assert.equal(createHash('sha256').update(auditHashText(ENTRY)).digest('hex'), pinned);
    assert.equal(entryHash(ENTRY), pinned);
    assert.equal(sha256(auditHashText(ENTRY)), pinned);
  });

  test('changes with every field', () => {
    const changed: Array<Omit<AuditEntry, 'hash'>> = [
      { ...ENTRY, seq: 8 },
      { ...ENTRY, at: ENTRY.at + 1 },
      { ...ENTRY, station: 'Counter 2' },
      { ...ENTRY, actor: null },
      { ...ENTRY, actor: { ...ENTRY.actor!, role: 'clerk' } },
      { ...ENTRY, action: 'sessions.get' },
      { ...ENTRY, outcome: 'refused' },
      { ...ENTRY, sessionId: null },
      { ...ENTRY, reference: 'Order 2' },
      { ...ENTRY, reason: 'contract' },
      { ...ENTRY, note: null },
      { ...ENTRY, detail: 'x' },
      { ...ENTRY, prev: '1'.repeat(64) },
    ];
    const hashes = new Set([entryHash(ENTRY), ...changed.map((e) => entryHash(e))]);
    assert.equal(hashes.size, changed.length + 1);
  });
});
