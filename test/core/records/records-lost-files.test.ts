/**
 * Issue 8, item 5 (#12): with the history's catalogue and a shard's primary file gone, the first
 * start lists every record (the backups are read too) and tells staff what happened.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openRecords } from '../../../main/core/records/index.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';

function historyOfSix() {
  const d = tempStoreDir('countersign-lost-');
  const factory = confStoreFactory(d.dir);
  const records = openRecords({ storeFactory: factory, shardSize: 2, backupDelayMs: 0 });
  for (let i = 0; i < 6; i++) {
    records.add({
      clientReferenceId: `cs_${i}`,
      reference: `Lost ${i}`,
      type: 'document',
      status: 'verified',
    });
  }
  records.flush();
  const remove = (name: string) => rmSync(confFilePath(d.dir, name));
  return { d, factory, remove };
}

describe('history files gone from the disk', () => {
  for (const catalog of ['the catalogue', 'the catalogue and its backup']) {
    it(`${catalog} and a shard's primary file: every record at the first start, and staff are told`, () => {
      const { d, factory, remove } = historyOfSix();
      try {
        remove('history-catalog');
        if (catalog.includes('backup')) remove('history-catalog.backup');
        remove('history-00001');
        const first = openRecords({ storeFactory: factory, shardSize: 2 });
        assert.equal(first.size, 6, 'nothing missing at the first start');
        assert.ok(first.problems.length > 0, 'a problem is reported');
        assert.ok(first.problems.some((p) => p.store === 'history-00001' && p.recovered));
        // Staff are told what was put back, by code: nothing reads as lost.
        assert.ok(
          first.problems.some(
            (p) => p.notice.code === 'store_missing_restored' && p.notice.params.store === 'history',
          ),
          'the shard restored from its backup',
        );
        const catalogueNotice = first.problems.find((p) => p.store === 'history-catalog')?.notice;
        assert.deepEqual(
          catalogueNotice,
          catalog.includes('backup')
            ? { code: 'catalogue_rebuilt', params: { files: 3 } }
            : { code: 'store_missing_restored', params: { store: 'history_catalogue' } },
        );
        for (const p of first.problems) assert.notEqual(p.notice.code, 'records_lost');
        const second = openRecords({ storeFactory: factory, shardSize: 2 });
        assert.equal(second.size, 6);
      } finally {
        d.cleanup();
      }
    });
  }

  it('a shard lost with its backup is reported, and the shards after it are still read', () => {
    const { d, factory, remove } = historyOfSix();
    try {
      remove('history-catalog');
      remove('history-catalog.backup');
      remove('history-00001');
      remove('history-00001.backup');
      const first = openRecords({ storeFactory: factory, shardSize: 2 });
      assert.equal(first.size, 4, 'the records of shards 0 and 2');
      assert.ok(first.problems.some((p) => p.store === 'history-00001' && !p.recovered));
      assert.ok(first.problems.some((p) => p.notice.code === 'records_lost'));
    } finally {
      d.cleanup();
    }
  });
});
