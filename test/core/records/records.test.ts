import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  createHistory,
  openRecords,
  openRecordsInBackground,
  shardName,
} from '../../../main/core/records/index.ts';
import type { StoreFactory } from '../../../main/core/index.ts';
import { DAY_MS } from '../../../main/core/records/retention.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((c) => c()));

function freshDir(): string {
  const { dir, cleanup } = tempStoreDir();
  dirs.push(cleanup);
  return dir;
}

const fakeClock = () => new ManualClock(Date.UTC(2025, 5, 1));

describe('records on conf', () => {
  it('appends across shards and reopens with the same content', () => {
    const dir = freshDir();
    const clock = fakeClock();
    const records = openRecords({ storeFactory: confStoreFactory(dir), clock, shardSize: 10 });
    for (let i = 0; i < 25; i++) {
      clock.advance(1000);
      records.add({
        clientReferenceId: `csr_${i}`,
        reference: `ORDER-${i}`,
        type: 'document',
        status: 'queued',
      });
    }
    records.update('csr_3', { sessionId: 'vs_3', status: 'verified' });
    records.flush();
    const again = openRecords({ storeFactory: confStoreFactory(dir), clock, shardSize: 10 });
    assert.equal(again.size, 25);
    assert.equal(again.getBySessionId('vs_3')?.status, 'verified');
    assert.equal(again.query({}, 0, 5).items[0]?.clientReferenceId, 'csr_24');
    assert.equal(again.problems.length, 0);
  });

  it('refuses fields that would carry personal data or secrets', () => {
    const records = openRecords({ storeFactory: confStoreFactory(freshDir()) });
    assert.throws(
      () =>
        records.add({
          clientReferenceId: 'csr_x',
          reference: 'R',
          type: 'document',
          status: 'queued',
          ...({ url: 'https://verify.stripe.com/secret' } as object),
        }),
      { code: 'invalid_input' },
    );
    assert.equal(records.size, 0);
  });

  it('searches by reference, status and date range, newest first, paged with a total', () => {
    const clock = fakeClock();
    const records = openRecords({ storeFactory: confStoreFactory(freshDir()), clock, shardSize: 50 });
    const history = createHistory(records, { clock });
    const start = clock.now();
    for (let i = 0; i < 120; i++) {
      clock.set(start + i * 60_000);
      records.add({
        clientReferenceId: `csr_${i}`,
        reference: i % 3 === 0 ? `Order-${i}` : `ticket ${i}`,
        type: 'document',
        status: i % 2 === 0 ? 'verified' : 'requires_input',
      });
    }
    const all = history.search({ pageSize: 1000 });
    assert.equal(all.pageSize, 100);
    assert.equal(all.total, 120);
    assert.equal(all.items[0]?.clientReferenceId, 'csr_119');

    const orders = history.search({ text: 'ORDER', pageSize: 10, page: 1 });
    assert.equal(orders.total, 40);
    assert.deepEqual(orders.items.map((r) => r.clientReferenceId).slice(0, 2), ['csr_87', 'csr_84']);
    const verifiedOrders = history.search({ text: 'order', status: 'verified' });
    assert.equal(verifiedOrders.total, 20);
    const window = history.search({
      from: start + 10 * 60_000,
      to: start + 20 * 60_000,
      status: ['verified'],
    });
    assert.deepEqual(
      window.items.map((r) => r.clientReferenceId),
      ['csr_18', 'csr_16', 'csr_14', 'csr_12', 'csr_10'],
    );
    const csv = history.exportCsv({ text: 'order-9' });
    assert.equal(csv.split('\r\n').length, 2 + 5); // Order-9, -90, -93, -96, -99
  });

  it('marks redactions and prunes records past the retention period', () => {
    const clock = fakeClock();
    const records = openRecords({ storeFactory: confStoreFactory(freshDir()), clock, shardSize: 4 });
    const history = createHistory(records, { clock, retentionDays: 30 });
    records.add({ clientReferenceId: 'csr_old', reference: 'A', type: 'document', status: 'verified' });
    records.add({ clientReferenceId: 'csr_waiting', reference: 'B', type: 'document', status: 'queued' });
    clock.advance(20 * DAY_MS);
    records.add({
      clientReferenceId: 'csr_new',
      reference: 'C',
      type: 'document',
      status: 'requires_input',
      sessionId: 'vs_new',
    });
    const redacted = history.markRedacted('vs_new');
    assert.equal(redacted.redacted, true);
    assert.equal(redacted.redactedAt, clock.now());
    clock.advance(11 * DAY_MS);
    assert.equal(history.pruneExpired(), 1);
    assert.equal(records.get('csr_old'), undefined);
    assert.ok(records.get('csr_waiting'), 'a queued creation is never pruned');
    assert.equal(history.search({}).total, 2);
  });

  it('migrates a v0 history file on open and writes it back once', () => {
    const dir = freshDir();
    copyFileSync(
      new URL('../../fixtures/records/history-v0.json', import.meta.url),
      confFilePath(dir, shardName(0)),
    );
    const records = openRecords({ storeFactory: confStoreFactory(dir) });
    assert.equal(records.size, 2);
    assert.equal(records.getBySessionId('vs_1PrototypeA')?.reference, 'ORDER-1001');
    const stored = JSON.parse(readFileSync(confFilePath(dir, shardName(0)), 'utf8'));
    assert.equal(stored.doc.body.schemaVersion, 2);
  });

  for (const [damage, harm] of [
    ['corrupt', (text: string) => text.replace(/"records"/, '"rec{{rds"')],
    ['empty', () => ''],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
  ] as const) {
    it(`restores a ${damage} shard from its backup and says so`, () => {
      const dir = freshDir();
      const records = openRecords({ storeFactory: confStoreFactory(dir), shardSize: 5 });
      for (let i = 0; i < 7; i++) {
        records.add({
          clientReferenceId: `csr_${i}`,
          reference: `R${i}`,
          type: 'document',
          status: 'verified',
        });
      }
      records.flush();
      const file = confFilePath(dir, shardName(0));
      writeFileSync(file, harm(readFileSync(file, 'utf8')));
      const again = openRecords({ storeFactory: confStoreFactory(dir), shardSize: 5 });
      assert.equal(again.size, 7);
      assert.equal(again.problems.length, 1);
      assert.equal(again.problems[0]?.error.code, 'store_corrupt');
      assert.equal(again.problems[0]?.recovered, true);
      // The primary was repaired: a third open is clean.
      assert.equal(openRecords({ storeFactory: confStoreFactory(dir), shardSize: 5 }).problems.length, 0);
    });
  }

  it('keeps the newest-first order of a history written while the clock went back', () => {
    const dir = freshDir();
    const clock = fakeClock();
    const records = openRecords({ storeFactory: confStoreFactory(dir), clock, shardSize: 4 });
    for (const [i, step] of [1000, 1000, -5000, 1000, 1000, -500, 1000, 1000, 1000].entries()) {
      clock.set(clock.now() + step);
      records.add({
        clientReferenceId: `csr_${i}`,
        reference: `R${i}`,
        type: 'document',
        status: 'verified',
      });
    }
    const expected = records.query({}, 0, 100).items.map((r) => r.clientReferenceId);
    records.flush();
    const again = openRecords({ storeFactory: confStoreFactory(dir), clock, shardSize: 4 });
    assert.deepEqual(
      again.query({}, 0, 100).items.map((r) => r.clientReferenceId),
      expected,
    );
    const created = again.query({}, 0, 100).items.map((r) => r.created);
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
  });

  it('finds a record by a session id given after opening, and forgets the one it replaced', () => {
    const dir = freshDir();
    const records = fill(dir, 3);
    records.update('csr_1', { sessionId: 'vs_1' });
    records.flush();
    const again = openRecords({ storeFactory: confStoreFactory(dir), shardSize: 10 });
    assert.equal(again.getBySessionId('vs_1')?.clientReferenceId, 'csr_1');
    again.update('csr_1', { sessionId: 'vs_1b' });
    again.update('csr_2', { sessionId: 'vs_2' });
    assert.equal(again.getBySessionId('vs_1'), undefined);
    assert.equal(again.getBySessionId('vs_1b')?.clientReferenceId, 'csr_1');
    assert.equal(again.getBySessionId('vs_2')?.clientReferenceId, 'csr_2');
    assert.equal(again.query({ text: 'VS_1B' }).total, 1, 'the search sees the new session id');
  });

  it('searches references; ids only when the text looks like one (so "_" is not every record)', () => {
    const records = fill(freshDir(), 3);
    records.add({ clientReferenceId: 'csr_x', reference: 'Table_7', type: 'document', status: 'queued' });
    records.update('csr_1', { sessionId: 'vs_abc123' });
    assert.deepEqual(
      records.query({ text: '_' }).items.map((r) => r.reference),
      ['Table_7'],
    );
    assert.equal(records.query({ text: 'cs' }).total, 0, 'a bare prefix matches no id');
    assert.equal(records.query({ text: 'vs_abc1' }).items[0]?.clientReferenceId, 'csr_1');
  });

  describe('opened in the background', () => {
    /** A yield the test releases one step at a time, so it decides when shards are read. */
    function steppedYield(): { yieldToEventLoop: () => Promise<void>; step: () => Promise<void> } {
      const waiting: Array<() => void> = [];
      return {
        yieldToEventLoop: () => new Promise<void>((resolve) => waiting.push(resolve)),
        step: async () => {
          waiting.shift()?.();
          // Let the loader run up to its next yield.
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
      };
    }

    it('returns before reading a shard, then reads them all', async () => {
      const dir = freshDir();
      fill(dir, 25).flush();
      const reads: string[] = [];
      const factory: StoreFactory = (name, o) => {
        reads.push(name);
        return confStoreFactory(dir)(name, o);
      };
      const records = openRecordsInBackground({ storeFactory: factory, shardSize: 10 });
      assert.equal(records.loaded, false);
      assert.ok(!reads.includes(shardName(0)), 'no shard is read before it returns');
      await records.ready();
      assert.equal(records.loaded, true);
      assert.equal(records.size, 25);
      const sync = openRecords({ storeFactory: confStoreFactory(dir), shardSize: 10 });
      assert.deepEqual(records.query({}, 0, 100), sync.query({}, 0, 100));
      assert.equal(records.problems.length, 0);
    });

    it('answers a query during the load from the whole history', async () => {
      const dir = freshDir();
      fill(dir, 25).flush();
      const stepped = steppedYield();
      const records = openRecordsInBackground({
        storeFactory: confStoreFactory(dir),
        shardSize: 10,
        yieldToEventLoop: stepped.yieldToEventLoop,
      });
      await stepped.step(); // the first shard only
      assert.equal(records.loaded, false);
      const page = records.query({}, 0, 100);
      assert.equal(page.total, 25);
      assert.equal(page.items[0]?.clientReferenceId, 'csr_24');
      assert.equal(records.loaded, true);
      await stepped.step();
      await records.ready();
      assert.equal(records.size, 25, 'nothing was read twice');
      records.add({ clientReferenceId: 'csr_25', reference: 'R25', type: 'document', status: 'queued' });
      assert.equal(records.query({}).total, 26);
    });

    it('reports a damaged shard it finds in the background', async () => {
      const dir = freshDir();
      fill(dir, 25).flush();
      writeFileSync(confFilePath(dir, shardName(1)), '{"doc":');
      const records = openRecordsInBackground({ storeFactory: confStoreFactory(dir), shardSize: 10 });
      const heard: string[] = [];
      records.onProblem((p) => heard.push(p.store));
      await records.ready();
      assert.deepEqual(heard, [shardName(1)]);
      assert.equal(records.problems[0]?.recovered, true);
      assert.equal(records.size, 25);
    });

    it('rejects ready() and every query when a shard cannot be opened at all', async () => {
      const dir = freshDir();
      fill(dir, 25).flush();
      const factory: StoreFactory = (name, o) => {
        if (name.startsWith(shardName(1))) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return confStoreFactory(dir)(name, o);
      };
      const records = openRecordsInBackground({ storeFactory: factory, shardSize: 10 });
      await assert.rejects(records.ready(), { code: 'store_corrupt' });
      assert.throws(() => records.query({}), { code: 'store_corrupt' });
      assert.throws(() => openRecords({ storeFactory: factory, shardSize: 10 }), { code: 'store_corrupt' });
    });
  });
});

function fill(dir: string, count: number) {
  const clock = fakeClock();
  const records = openRecords({ storeFactory: confStoreFactory(dir), clock, shardSize: 10 });
  for (let i = 0; i < count; i++) {
    clock.advance(1000);
    records.add({ clientReferenceId: `csr_${i}`, reference: `R${i}`, type: 'document', status: 'queued' });
  }
  return records;
}
