import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CountersignError } from '../../../contract/errors.ts';
import { createGateway, type Gateway, type SessionCreateParams } from '../../../main/core/stripe/index.ts';
import { connectivityFor } from '../../support/core-parts.ts';
import { openOutbox, type OutboxItemEvent } from '../../../main/core/outbox/index.ts';
import { openRecords } from '../../../main/core/records/index.ts';
import { IDEMPOTENCY_WINDOW_MS, buildCreateParams } from '../../../main/core/sessions/index.ts';
import { checkStartInput } from '../../../contract/start-input.ts';
import type { RunningSimulator } from '../../../main/simulator/index.ts';
import { eventually, startSimulatorBackend, type TestBackend } from '../../support/backend.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';
import { ManualClock } from '../../support/manual-clock.ts';

let backend: TestBackend;
let sim: RunningSimulator;
const cleanups: Array<() => void> = [];
before(async () => {
  // Every answer the simulator sends is checked against Stripe's spec (on close).
  backend = await startSimulatorBackend({ processingDelayMs: 20 });
  sim = backend.simulator!;
});
after(async () => {
  cleanups.forEach((c) => c());
  await backend.close();
});

function gateway(): Gateway {
  return backend.gateway();
}

function setup(options: { gateway?: Gateway; clock?: ManualClock; random?: () => number } = {}) {
  const { dir, cleanup } = tempStoreDir('countersign-outbox-');
  cleanups.push(cleanup);
  const storeFactory = confStoreFactory(dir);
  const sealKey = randomBytes(32);
  const records = openRecords({ storeFactory, clock: options.clock });
  const connectivity = connectivityFor(
    options.gateway ?? gateway(),
    options.clock ? { clock: options.clock } : {},
  );
  const outbox = openOutbox({
    storeFactory,
    records,
    sealKey,
    gateway: options.gateway ?? gateway(),
    connectivity,
    clock: options.clock,
    backoff: { baseMs: 20, maxMs: 200 },
    random: options.random,
  });
  return { dir, storeFactory, sealKey, records, outbox, connectivity };
}

const input = {
  type: 'document',
  reference: 'ORDER-42',
  email: 'jane@example.com',
  phone: '+44 20 7946 0958',
};

function sessionsFor(ref: string) {
  return sim.sessions().filter((s) => s.client_reference_id === ref);
}

describe('outbox', () => {
  it('queues durably while offline, seals personal data, drains when reachable', async () => {
    const { dir, records, outbox, connectivity } = setup();
    const counts: number[] = [];
    outbox.onCount((n) => counts.push(n));
    sim.setFaults({ offline: true });
    const queued = outbox.enqueue({ input, station: 'counter-2', returnUrl: 'https://shop.example/back' });
    assert.equal(queued.state, 'queued');
    assert.equal(outbox.count, 1);
    assert.equal(records.get(queued.clientReferenceId)?.status, 'queued');
    const onDisk = readFileSync(confFilePath(dir, 'outbox'), 'utf8');
    assert.ok(!onDisk.includes('jane@example.com') && !onDisk.includes('7946'), 'email and phone are sealed');
    assert.equal((await outbox.drain()).reachable, false);
    assert.equal(outbox.count, 1);
    assert.equal(connectivity.online(), false, 'the outbox told the app Stripe does not answer');

    sim.setFaults({ offline: false });
    // The app's one reachability probe finds Stripe again; the outbox drains once it says so.
    await eventually(() => connectivity.online() || undefined);
    const events: OutboxItemEvent[] = [];
    outbox.onItem((e) => events.push(e));
    const summary = await outbox.drain();
    assert.deepEqual(summary, { reachable: true, sent: 1, failed: 0, remaining: 0 });
    assert.equal(events[0]?.state, 'ready');
    const record = records.get(queued.clientReferenceId)!;
    assert.equal(record.sessionId, events[0]?.sessionId);
    assert.equal(record.status, 'requires_input');
    assert.equal(record.station, 'counter-2');
    assert.deepEqual(counts, [1, 0]);
    assert.equal(sessionsFor(queued.clientReferenceId).length, 1);
    assert.ok(!readFileSync(confFilePath(dir, 'outbox'), 'utf8').includes('"csr_'), 'erased once sent');
    assert.ok(
      !readFileSync(confFilePath(dir, 'outbox.backup'), 'utf8').includes('"csr_'),
      'backup erased too',
    );
  });

  it('replays byte-identical parameters with the same Idempotency-Key', async () => {
    const calls: Array<{ params: string; key: string }> = [];
    const real = gateway();
    let failFirst = true;
    const recording: Gateway = {
      ...real,
      createSession: async (params, key) => {
        calls.push({ params: JSON.stringify(params), key });
        const session = await real.createSession(params, key);
        if (failFirst) {
          failFirst = false; // Stripe made it, but the answer was lost on the way back.
          throw new CountersignError('stripe_connection', 'lost', { retryable: true });
        }
        return session;
      },
    };
    const { outbox } = setup({ gateway: recording });
    const queued = outbox.enqueue({ input, station: 'kiosk-1', returnUrl: 'https://shop.example/back' });
    await outbox.drain();
    const expected: SessionCreateParams = buildCreateParams(checkStartInput(input), {
      clientReferenceId: queued.clientReferenceId,
      station: 'kiosk-1',
      returnUrl: 'https://shop.example/back',
    });
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.params, JSON.stringify(expected));
    assert.equal(calls[1]!.params, calls[0]!.params);
    assert.equal(calls[1]!.key, `countersign-create-${queued.clientReferenceId}`);
    assert.equal(sessionsFor(queued.clientReferenceId).length, 1);
  });

  it('past the idempotency window, finds the existing session instead of creating another', async () => {
    const clock = new ManualClock(Date.now());
    const real = gateway();
    let creates = 0;
    const g: Gateway = {
      ...real,
      createSession: async (p, k) => {
        creates++;
        await real.createSession(p, k);
        throw new CountersignError('stripe_connection', 'lost', { retryable: true });
      },
    };
    const { outbox, records, connectivity } = setup({ gateway: g, clock });
    const queued = outbox.enqueue({ input: { type: 'id_number', reference: 'LATE-1' } });
    const first = await clock.drive(outbox.drain());
    assert.equal(first.remaining, 1);
    assert.ok(creates >= 1);
    const before = creates;
    clock.advance(IDEMPOTENCY_WINDOW_MS + 1000);
    await outbox.stop();
    await eventually(() => connectivity.online() || undefined);
    const summary = await clock.drive(outbox.drain());
    assert.equal(summary.sent, 1);
    assert.equal(creates, before, 'no create after the window when Stripe has the session');
    assert.equal(sessionsFor(queued.clientReferenceId).length, 1);
    assert.equal(
      records.get(queued.clientReferenceId)?.sessionId,
      sessionsFor(queued.clientReferenceId)[0]?.id,
    );
  });

  it('fails an item on a permanent error and records why', async () => {
    const { outbox, records } = setup({
      gateway: createGateway({
        apiKey: 'sk_test_wrong0000000000000000000000',
        target: { host: sim.host, port: sim.port, protocol: sim.protocol },
        maxNetworkRetries: 0,
      }),
    });
    const events: OutboxItemEvent[] = [];
    outbox.onItem((e) => events.push(e));
    const queued = outbox.enqueue({ input: { type: 'document', reference: 'BAD-KEY' } });
    // Stripe refuses the key: the drain stops and nothing is lost.
    assert.equal((await outbox.drain()).reachable, false);
    assert.equal(outbox.count, 1);
    assert.equal(records.get(queued.clientReferenceId)?.status, 'queued');

    const real = gateway();
    const refusing = setup({
      gateway: {
        ...real,
        createSession: async () => {
          throw new CountersignError(
            'stripe_invalid_request',
            'Stripe refused the request: return_url is invalid',
          );
        },
      },
    });
    refusing.outbox.onItem((e) => events.push(e));
    const bad = refusing.outbox.enqueue({ input: { type: 'document', reference: 'BAD-URL' } });
    const summary = await refusing.outbox.drain();
    assert.deepEqual(summary, { reachable: true, sent: 0, failed: 1, remaining: 0 });
    assert.equal(events.at(-1)?.state, 'failed');
    assert.equal(events.at(-1)?.error?.code, 'stripe_invalid_request');
    const record = refusing.records.get(bad.clientReferenceId);
    assert.equal(record?.status, 'failed');
    assert.equal(record?.lastErrorCode, 'stripe_invalid_request');
  });

  it('refuses invalid input before queueing anything', () => {
    const { outbox } = setup();
    assert.throws(() => outbox.enqueue({ input: { type: 'document', reference: '' } }), {
      code: 'invalid_input',
    });
    assert.equal(outbox.count, 0);
  });

  it('drains in the background once started; while Stripe does not answer it waits for connectivity', async () => {
    // No jitter: the pauses between attempts are exact.
    const clock = new ManualClock(Date.now());
    let tries = 0;
    const real = gateway();
    const counting: Gateway = { ...real, createSession: (p, k) => (tries++, real.createSession(p, k)) };
    const { outbox, records, connectivity } = setup({ gateway: counting, clock, random: () => 1 });
    // As the app core wires them: Stripe answering again wakes the outbox.
    connectivity.onChange((online) => online && outbox.notifyOnline());
    sim.setFaults({ offline: true });
    const creates = () => tries;
    try {
      outbox.start();
      const a = outbox.enqueue({ input: { type: 'document', reference: 'BG-1' } });
      // Connection failures in a row: the outbox tells the app Stripe does not answer, then stops.
      await clock.runUntil(() => !connectivity.online(), 20_000);
      const tried = creates();
      assert.ok(tried <= 6, `at most six tries before giving up for now (${tried})`);
      await clock.advanceAsync(60_000);
      assert.equal(creates(), tried, 'nothing more is sent while offline');
      assert.equal(outbox.count, 1, 'still queued');
      assert.equal(records.get(a.clientReferenceId)?.status, 'queued');

      // The app's probe finds Stripe again; the outbox drains at once.
      sim.setFaults({ offline: false });
      await clock.runUntil(() => outbox.count === 0, 20_000);
      await outbox.stop();
      assert.ok(records.get(a.clientReferenceId)?.sessionId);
      assert.equal(sessionsFor(a.clientReferenceId).length, 1);
    } finally {
      sim.setFaults({ offline: false });
      await outbox.stop();
    }
  });
});
