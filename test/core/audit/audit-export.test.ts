/**
 * The audit trail's export and chain, in memory: CSV rows with the chain's hashes (a spreadsheet
 * formula in a note is neutralised), JSON as stored, retention that moves the anchor so the kept
 * entries still check, and a copied entry that claims another seq is caught.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditCsv, auditJson, findBreak, openAuditLog } from '../../../main/core/audit/index.ts';
import { MemoryStore } from '../../../main/core/storage/index.ts';

const DAY = 24 * 60 * 60 * 1000;

function trail() {
  let now = 1_800_000_000_000;
  const store = new MemoryStore();
  const headStore = new MemoryStore();
  const clock = { now: () => now };
  const open = () => openAuditLog({ store, headStore, clock, station: 'counter-1' });
  return { store, headStore, open, advance: (ms: number) => void (now += ms) };
}

const facts = (action: string, note: string | null = null) => ({
  actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: 'manager' as const },
  action,
  outcome: 'ok' as const,
  sessionId: 'vs_1',
  reference: 'Order 1',
  reason: note === null ? null : ('other' as const),
  note,
  detail: null,
});

describe('the audit trail’s export and chain', () => {
  it('CSV: one row per entry with the hashes; a formula in a note is neutralised; JSON as stored', () => {
    const t = trail();
    const log = t.open();
    log.append(facts('sessions.result', '=HYPERLINK("x")'));
    log.append(facts('sessions.redact'));
    const csv = auditCsv(log.all());
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^seq,at,station,actor_id,actor_name,actor_role,action,outcome/);
    assert.match(lines[1]!, /"'=HYPERLINK\(""x""\)"/);
    assert.ok(lines[2]!.endsWith(log.all()[1]!.hash));
    assert.deepEqual(JSON.parse(auditJson(log.all())), log.all());
  });

  it('retention drops old entries and moves the anchor: the rest still checks at the next start', () => {
    const t = trail();
    const log = t.open();
    log.append(facts('a'));
    log.append(facts('b'));
    t.advance(40 * DAY);
    log.append(facts('c'));
    assert.equal(log.prune(30), 2);
    assert.deepEqual(
      log.all().map((e) => [e.seq, e.action]),
      [[3, 'c']],
    );
    const reopened = t.open();
    assert.equal(reopened.broken(), null);
    assert.equal(reopened.append(facts('d')).seq, 4);
  });

  it('an entry copied into another place is caught even with its own hash intact', () => {
    const t = trail();
    const log = t.open();
    for (const a of ['a', 'b', 'c']) log.append(facts(a));
    const entries = log.all();
    const copied = [entries[0], entries[1], entries[1]];
    assert.deepEqual(findBreak(copied, { seq: 0, hash: '0'.repeat(64) }, null, 0)?.kind, 'missing_or_moved');
  });
});
