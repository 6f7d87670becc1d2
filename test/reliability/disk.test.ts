/**
 * Damaged files and a full disk: the outbox and the history come back from their backup copies
 * (and say so), a failing write is a typed error that changes nothing, and nothing queued is lost.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../base/backoff.ts';
import type { StoreFactory } from '../../main/core/index.ts';
import type { Gateway } from '../../main/core/stripe/index.ts';
import { connectivityFor } from '../support/core-parts.ts';
import { openOutbox } from '../../main/core/outbox/index.ts';
import { openRecords } from '../../main/core/records/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { startSimulatorBackend, type TestBackend } from '../support/backend.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../support/conf-store.ts';
import { ManualClock } from '../support/manual-clock.ts';

let backend: TestBackend;
let sim: RunningSimulator;
const cleanups: Array<() => void> = [];
before(async () => {
  // Every answer the simulator sends is checked against Stripe's spec (on close).
  backend = await startSimulatorBackend({ processingDelayMs: 30 });
  sim = backend.simulator!;
});
after(async () => {
  cleanups.forEach((c) => c());
  await backend.close();
});

function gateway(): Gateway {
  return backend.gateway();
}

function dir(): string {
  const d = tempStoreDir('countersign-disk-');
  cleanups.push(d.cleanup);
  return d.dir;
}

/** conf, but every write fails with ENOSPC while `full` is set (`refusals` counts them). */
function fillableFactory(cwd: string): {
  factory: StoreFactory;
  setFull: (full: boolean) => void;
  refusals: () => number;
} {
  const inner = confStoreFactory(cwd);
  let full = false;
  let refused = 0;
  return {
    setFull: (f) => (full = f),
    refusals: () => refused,
    factory: (name, options) => {
      const store = inner(name, options);
      return {
        get: (k) => store.get(k),
        has: (k) => store.has(k),
        delete: (k) => store.delete(k),
        set: (k, v) => {
          if (full) {
            refused++;
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          store.set(k, v);
        },
      };
    },
  };
}

function open(
  storeFactory: StoreFactory,
  sealKey: Buffer,
  timing: { clock?: ManualClock; gateway?: Gateway; backoff?: BackoffPolicy } = {},
) {
  const records = openRecords({ storeFactory, clock: timing.clock });
  const outbox = openOutbox({
    storeFactory,
    records,
    sealKey,
    gateway: timing.gateway ?? gateway(),
    connectivity: connectivityFor(timing.gateway ?? gateway(), timing.clock ? { clock: timing.clock } : {}),
    clock: timing.clock,
    // On a manual clock the delays are exact: no jitter, and doubling from one second.
    backoff: timing.backoff ?? (timing.clock ? { baseMs: 1000, maxMs: 8000 } : { baseMs: 20, maxMs: 100 }),
    random: timing.clock ? () => 1 : undefined,
  });
  return { records, outbox };
}

const damages = {
  corrupt: (text: string) => text.replace('"items"', '"it{ems"'),
  empty: () => '',
  truncated: (text: string) => text.slice(0, Math.floor(text.length * 0.6)),
} as const;

describe('disk', () => {
  it('a full disk during a drain of 6: the whole drain backs off, and staff read that the disk is full', async () => {
    const cwd = dir();
    const sealKey = randomBytes(32);
    const { factory, setFull } = fillableFactory(cwd);
    const clock = new ManualClock(Date.now());
    const real = gateway();
    const createdAt: number[] = [];
    const noting: Gateway = {
      ...real,
      createSession: (params, key) => {
        createdAt.push(clock.now());
        return real.createSession(params, key);
      },
    };
    const { outbox } = open(factory, sealKey, { clock, gateway: noting });
    const queued = Array.from({ length: 6 }, (_, i) =>
      outbox.enqueue({ input: { type: 'document', reference: `FULL-${i}` } }),
    );
    setFull(true);
    const start = clock.now();
    const draining = outbox.drain();
    // Four seconds of a full disk, stepped on the test's clock.
    await clock.runUntil(() => outbox.list().some((i) => i.attempts > 0) && clock.pending > 0);
    while (clock.now() - start < 4000) await clock.advanceAsync(250);
    const inFourSeconds = createdAt.filter((at) => at - start <= 4000).length;
    assert.ok(inFourSeconds <= 4, `at most one round of creations in 4 s (sent ${inFourSeconds}; 24 before)`);
    const problem = outbox.problems.find((p) => p.error.code === 'store_write_failed')!;
    // Staff are told the disk is full, not that a file is damaged.
    assert.deepEqual(problem.notice, { code: 'disk_full', params: {} });

    setFull(false);
    const summary = await clock.drive(draining, 60_000);
    assert.equal(summary.sent, 6);
    for (const item of queued) {
      assert.equal(sim.sessions().filter((s) => s.client_reference_id === item.clientReferenceId).length, 1);
    }
  });

  it('a disk full for five minutes, then freed: the queued creation is sent within 10 s', async () => {
    const cwd = dir();
    const sealKey = randomBytes(32);
    const { factory, setFull, refusals } = fillableFactory(cwd);
    const clock = new ManualClock(Date.now());
    const real = gateway();
    const createdAt: number[] = [];
    const noting: Gateway = {
      ...real,
      createSession: (params, key) => {
        createdAt.push(clock.now());
        return real.createSession(params, key);
      },
    };
    // The app's own back-off (0.5 s doubling to 60 s), without jitter: the worst case.
    const { records, outbox } = open(factory, sealKey, { clock, gateway: noting, backoff: DEFAULT_BACKOFF });
    const kept = outbox.enqueue({ input: { type: 'document', reference: 'FULL-FOR-LONG' } });
    setFull(true);
    const start = clock.now();
    const draining = outbox.drain();
    await clock.runUntil(() => outbox.list()[0]?.attempts === 1 && clock.pending > 0);
    while (clock.now() - start < 5 * 60_000) await clock.advanceAsync(500);
    // Freed right after the disk refused once more: the longest wait there can be.
    const refusedBefore = refusals();
    await clock.runUntil(() => refusals() > refusedBefore && clock.pending > 0, 10_000);
    const refusedWhileFull = refusals();
    setFull(false);
    const freedAt = clock.now();
    const summary = await clock.drive(draining, 10_000);
    assert.equal(summary.sent, 1);
    const sentAfter = createdAt.at(-1)! - freedAt;
    assert.ok(sentAfter <= 10_000, `sent ${sentAfter} ms after the disk was freed (at most 10 s)`);
    assert.ok(records.get(kept.clientReferenceId)?.sessionId);
    assert.equal(sim.sessions().filter((s) => s.client_reference_id === kept.clientReferenceId).length, 1);
    console.log(
      `disk: full_for=300s refusals=${refusedWhileFull} creates_while_full=${createdAt.length - 1} resumed_after_ms=${sentAfter}`,
    );
  });

  for (const [damage, harm] of Object.entries(damages)) {
    it(`recovers a ${damage} outbox file from its backup; nothing queued is lost`, async () => {
      const cwd = dir();
      const sealKey = randomBytes(32);
      const first = open(confStoreFactory(cwd), sealKey);
      const ids = [0, 1, 2].map(
        (i) =>
          first.outbox.enqueue({
            input: { type: 'document', reference: `DISK-${damage}-${i}`, email: 'd@example.com' },
          }).clientReferenceId,
      );
      first.records.flush();
      const file = confFilePath(cwd, 'outbox');
      writeFileSync(file, harm(readFileSync(file, 'utf8')));

      const second = open(confStoreFactory(cwd), sealKey);
      assert.equal(second.outbox.count, 3);
      assert.deepEqual(
        second.outbox.problems.map((p) => [p.error.code, p.recovered]),
        [['store_corrupt', true]],
      );
      const summary = await second.outbox.drain();
      assert.equal(summary.sent, 3);
      for (const id of ids) {
        assert.equal(sim.sessions().filter((s) => s.client_reference_id === id).length, 1);
        assert.ok(second.records.get(id)?.sessionId);
      }
      console.log(`disk: damage=${damage} store=outbox recovered=true queued=3 lost=0 duplicates=0`);
    });
  }

  it('reports a damaged outbox with no good copy as store_corrupt, not recovered', () => {
    const cwd = dir();
    const sealKey = randomBytes(32);
    open(confStoreFactory(cwd), sealKey).outbox.enqueue({ input: { type: 'document', reference: 'GONE' } });
    writeFileSync(confFilePath(cwd, 'outbox'), '{"doc":');
    writeFileSync(confFilePath(cwd, 'outbox.backup'), '');
    const again = open(confStoreFactory(cwd), sealKey);
    assert.equal(again.outbox.count, 0);
    assert.deepEqual(
      again.outbox.problems.map((p) => [p.error.code, p.recovered]),
      [['store_corrupt', false]],
    );
    // The history still knows the creation was queued, so staff can see what to redo.
    assert.equal(again.records.query({ text: 'GONE' }).items[0]?.status, 'queued');
  });

  it('a full disk is a store_write_failed error that changes nothing, and the drain waits it out', async () => {
    const cwd = dir();
    const sealKey = randomBytes(32);
    const { factory, setFull, refusals } = fillableFactory(cwd);
    // The drain's retries are stepped through on the test's clock; each create request is noted
    // with the time it was sent (the real gateway still sends it to the simulator).
    const clock = new ManualClock(Date.now());
    const real = gateway();
    const createdAt: number[] = [];
    const noting: Gateway = {
      ...real,
      createSession: (params, key) => {
        createdAt.push(clock.now());
        return real.createSession(params, key);
      },
    };
    const { records, outbox } = open(factory, sealKey, { clock, gateway: noting });
    const kept = outbox.enqueue({ input: { type: 'document', reference: 'BEFORE-FULL' } });

    setFull(true);
    assert.throws(() => outbox.enqueue({ input: { type: 'document', reference: 'WHILE-FULL' } }), {
      code: 'store_write_failed',
    });
    assert.throws(
      () => records.add({ clientReferenceId: 'csr_x', reference: 'X', type: 'document', status: 'queued' }),
      {
        code: 'store_write_failed',
      },
    );
    assert.equal(outbox.count, 1);
    assert.equal(records.size, 1);
    assert.equal(open(confStoreFactory(cwd), sealKey).outbox.count, 1, 'the file still holds the queue');

    // Stripe makes the session, but its record cannot be written: the item stays queued, its
    // record unchanged, and nothing more is sent while the disk is full: it is probed with a
    // small write every 3 s instead (each probe refused, no request to Stripe).
    const draining = outbox.drain();
    await clock.runUntil(() => outbox.list()[0]?.attempts === 1 && clock.pending > 0);
    const refusedAt = clock.now();
    const firstRefusals = refusals();
    for (let probe = 1; probe <= 4; probe++) {
      await clock.runUntil(() => refusals() === firstRefusals + probe && clock.pending > 0);
      assert.equal(clock.now() - refusedAt, probe * 3000, `probe ${probe} comes 3 s after the last`);
      assert.equal(createdAt.length, 1, `no create sent while the disk is full (probe ${probe})`);
      assert.equal(outbox.count, 1, `still queued after probe ${probe}`);
      assert.equal(outbox.list()[0]?.attempts, 1);
      assert.equal(outbox.list()[0]?.lastError?.code, 'store_write_failed');
      assert.equal(records.get(kept.clientReferenceId)?.sessionId, null);
      assert.equal(open(confStoreFactory(cwd), sealKey).outbox.count, 1, 'and on disk');
    }
    setFull(false);
    const freedAt = clock.now();
    const summary = await clock.drive(draining);
    assert.equal(summary.sent, 1);
    assert.equal(createdAt.length, 2);
    assert.equal(createdAt[1]! - freedAt, 3000, 'the next probe finds the disk free and sends at once');
    const sessions = sim.sessions().filter((s) => s.client_reference_id === kept.clientReferenceId);
    assert.equal(sessions.length, 1, 'replays after the full disk reused the same session');
    assert.equal(records.get(kept.clientReferenceId)?.sessionId, sessions[0]?.id);
    assert.ok(outbox.problems.some((p) => p.error.code === 'store_write_failed'));
    console.log(`disk: damage=enospc queued=1 lost=0 duplicates=0 typed_error=store_write_failed`);
  });
});
