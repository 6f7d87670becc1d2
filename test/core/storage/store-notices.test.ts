/**
 * Which notice staff get for a store problem, by what happened: a write refused for a full
 * disk, a permission or another reason, or a file damaged in use, each has its own code; the
 * notice names the kind of file, never its name; and a damaged watcher file, which the app
 * replaces with an empty one, is told too (as `watcher_defaults`, through app.status, checked
 * against the contract's schema).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseMethodResult } from '../../../contract/ipc.ts';
import { createAppCore, type AppCoreDeps } from '../../../main/core/index.ts';
import { systemClock } from '../../../base/clock.ts';
import { DurableDoc, type StoreFactory, type StoreProblem } from '../../../main/core/storage/index.ts';
import { silentLogger } from '../../../base/logger.ts';
import { OUTBOX_STORE, SENT_STORE } from '../../../main/core/outbox/index.ts';
import { shardName } from '../../../main/core/records/index.ts';
import { noticeForStoreError, noticeStore } from '../../../main/core/storage/store-notices.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';
import { memoryKeychain } from '../../harness/keychain.ts';

/** conf, but every write after the first open throws `error`. */
function refusingFactory(cwd: string, error: () => unknown): StoreFactory {
  const inner = confStoreFactory(cwd);
  return (name, options) => {
    const store = inner(name, options);
    return {
      ...store,
      get: (k) => store.get(k),
      has: (k) => store.has(k),
      delete: (k) => store.delete(k),
      set: () => {
        throw error();
      },
    };
  };
}

/** What a DurableDoc throws when its store refuses a write with `error`. */
function thrownByWrite(error: () => unknown): unknown {
  const d = tempStoreDir('countersign-notice-');
  try {
    const doc = new DurableDoc<number>({
      factory: refusingFactory(d.dir, error),
      name: OUTBOX_STORE,
      parse: (raw) => ({ value: raw as number, migrated: false }),
      empty: () => 0,
      backup: 'sync',
      clock: systemClock,
      onProblem: () => {},
    });
    try {
      doc.write(1);
    } catch (thrown) {
      return thrown;
    }
    throw new Error('the write was not refused');
  } finally {
    d.cleanup();
  }
}

const fsError = (code: string) => () => Object.assign(new Error(`${code}: refused, write`), { code });

describe('store notices chosen by the core', () => {
  it('a refused write is told by why: a full disk, a permission, anything else', () => {
    const cases = [
      ['ENOSPC', 'disk_full'],
      ['EACCES', 'disk_permission'],
      ['EPERM', 'disk_permission'],
      ['EIO', 'disk_refused'],
    ] as const;
    for (const [fsCode, code] of cases) {
      assert.deepEqual(noticeForStoreError(OUTBOX_STORE, thrownByWrite(fsError(fsCode))), {
        code,
        params: {},
      });
    }
    // Anything untyped reads as a refused save, never as a damaged file.
    assert.deepEqual(noticeForStoreError(OUTBOX_STORE, new Error('?')), { code: 'disk_refused', params: {} });
  });

  it('a file damaged while in use names the kind of file and asks for a restart', () => {
    const thrown = thrownByWrite(() => new SyntaxError('Unexpected end of JSON input'));
    assert.deepEqual(noticeForStoreError(shardName(12), thrown), {
      code: 'store_damaged_in_use',
      params: { store: 'history' },
    });
  });

  it('names the kind of file, never the file', () => {
    assert.equal(noticeStore(shardName(0)), 'history');
    assert.equal(noticeStore(shardName(12)), 'history');
    assert.equal(noticeStore('history-catalog'), 'history_catalogue');
    assert.equal(noticeStore(OUTBOX_STORE), 'outbox');
    assert.equal(noticeStore(SENT_STORE), 'outbox_sent');
    assert.equal(noticeStore('watcher'), 'watcher');
  });
});

describe('no notice without a problem', () => {
  it('a document never written leaves no file, so the next start has nothing to report', () => {
    const d = tempStoreDir('countersign-notice-');
    try {
      const problems: unknown[] = [];
      const openDoc = () =>
        new DurableDoc<number>({
          factory: confStoreFactory(d.dir),
          name: 'history-catalog',
          parse: (raw) => ({ value: raw as number, migrated: false }),
          empty: () => 0,
          backup: 'deferred',
          clock: systemClock,
          onProblem: (p) => problems.push(p),
        });
      openDoc().flush();
      assert.deepEqual(readdirSync(d.dir), []);
      openDoc().flush();
      assert.deepEqual(problems, []);
      // Once written, both copies exist, and a removed primary is still told.
      const doc = openDoc();
      doc.write(3);
      doc.flush();
      assert.deepEqual(readdirSync(d.dir).sort(), ['history-catalog.backup.json', 'history-catalog.json']);
      rmSync(confFilePath(d.dir, 'history-catalog'));
      assert.equal(openDoc().value, 3);
      assert.deepEqual(
        problems.map((p) => (p as StoreProblem).notice),
        [{ code: 'store_missing_restored', params: { store: 'history_catalogue' } }],
      );
    } finally {
      d.cleanup();
    }
  });
});

describe('a damaged watcher file', () => {
  let sim: RunningSimulator;
  let dir: string;
  const keychain = memoryKeychain();
  before(async () => {
    sim = await startSimulator({ processingDelayMs: 20 });
    dir = mkdtempSync(join(tmpdir(), 'countersign-watcher-notice-'));
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    const deps: AppCoreDeps = {
      storeFactory: confStoreFactory(dir),
      keychain,
      station: 'counter-2',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({}),
      apiTarget: { host: sim.host, port: sim.port, protocol: sim.protocol },
    };
    return createAppCore(deps);
  };
  const status = async (core: Awaited<ReturnType<typeof open>>) =>
    parseMethodResult('app.status', await core.handlers['app.status'](undefined, { window: 'staff' }));

  it('is replaced, the app runs on Stripe, and staff are told', async () => {
    let core = await open();
    await core.handlers['key.store']({ key: sim.secretKey }, { window: 'staff' });
    assert.equal((await status(core)).storeNotice, null, 'nothing to tell before the damage');
    await core.close();

    writeFileSync(confFilePath(dir, 'stripe-test-watcher'), '{"cursor": "evt_');
    core = await open();
    try {
      const after = await status(core);
      assert.equal(after.backend, 'stripe');
      assert.deepEqual(after.storeNotice, { code: 'watcher_defaults', params: {} });
      // Support reads the same code in the diagnostics file, whatever the console's language.
      const { text } = await core.handlers['diagnostics.export'](undefined, { window: 'staff' });
      assert.match(text, /"notice": \{\s*"code": "watcher_defaults",\s*"params": \{\}\s*\}/);
      // The app goes on: a verification starts and is watched.
      const started = await core.handlers['sessions.start'](
        { type: 'document', reference: 'After the damage' },
        { window: 'staff' },
      );
      assert.equal(started.outcome, 'created');
    } finally {
      await core.close();
    }
  });
});
