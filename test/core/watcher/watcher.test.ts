/**
 * The watcher against the simulator over real HTTP: request counts are read from the
 * simulator's own request log, not from the watcher's counters, so they cannot flatter it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Conf from 'conf';
import type { Gateway } from '../../../main/core/stripe/index.ts';
import { createSessionFor } from '../../support/core-parts.ts';
import { MemoryStore } from '../../../main/core/storage/index.ts';
import type { KeyValueStore } from '../../../main/core/index.ts';
import { createWatcher, type SessionUpdate } from '../../../main/core/watcher/index.ts';
import { eventually, startSimulatorBackend, withoutEventsFor } from '../../support/backend.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import type { TestBackend } from '../../support/backend.ts';

const EVENTS = 'GET /v1/events';

describe('watcher', () => {
  let backend: TestBackend;
  let gateway: Gateway;
  const dirs: string[] = [];

  before(async () => {
    backend = await startSimulatorBackend({ processingDelayMs: 20 });
    gateway = backend.gateway();
  });
  after(async () => {
    await backend.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const sim = () => backend.simulator!;
  const requests = (route: string) => sim().stats().byRoute[route] ?? 0;
  const allRequests = () => sim().stats().requests;
  const diskStore = (): KeyValueStore => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-watcher-'));
    dirs.push(dir);
    return new Conf({ cwd: dir, configName: 'watcher' }) as unknown as KeyValueStore;
  };
  const startMany = async (n: number, prefix: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) ids.push(await createSessionFor(gateway, `${prefix} ${i}`));
    return ids;
  };

  it('follows 50 active sessions with one Events API request per tick', async () => {
    const ids = await startMany(50, 'Fifty');
    const watcher = createWatcher({ gateway, store: new MemoryStore() });
    const updates: SessionUpdate[] = [];
    watcher.subscribe((u) => updates.push(u));
    for (const id of ids) watcher.track(id, { inFlow: true });

    const eventsBefore = requests(EVENTS);
    const allBefore = allRequests();
    // Count only ticks with something to watch: an idle tick must send nothing (tested below).
    let ticks = 0;
    const tick = async () => {
      if (watcher.tracked().length > 0) ticks += 1;
      await watcher.tick();
    };
    await tick();
    for (const id of ids) await sim().submit(id, 'verified');
    await tick();
    // Once Stripe has verified them all, the next tick brings the rest (unless this one did).
    await eventually(() =>
      sim()
        .sessions()
        .filter((s) => ids.includes(s.id))
        .every((s) => s.status === 'verified')
        ? true
        : undefined,
    );
    while (watcher.tracked().length > 0 && ticks < 5) await tick();
    assert.ok(ticks >= 2, `several ticks with 50 sessions (${ticks})`);

    const eventRequests = requests(EVENTS) - eventsBefore;
    const total = allRequests() - allBefore;
    console.log(`watcher: sessions=50 ticks=${ticks} event_requests=${eventRequests} all_requests=${total}`);
    assert.equal(eventRequests, ticks, 'one events request per tick');
    assert.equal(total, ticks, 'and no other request (no per-session retrieve)');
    for (const id of ids) {
      const mine = updates.filter((u) => u.sessionId === id).map((u) => u.source);
      assert.deepEqual(
        mine,
        [
          'identity.verification_session.created',
          'identity.verification_session.processing',
          'identity.verification_session.verified',
        ],
        `updates for ${id} in order`,
      );
    }
    assert.deepEqual(watcher.tracked(), [], 'verified sessions are no longer watched');
  });

  it('resumes from the persisted cursor after a restart: no missed and no repeated update', async () => {
    const store = diskStore();
    const ids = await startMany(10, 'Restart');
    const first = createWatcher({ gateway, store });
    const seenFirst: SessionUpdate[] = [];
    first.subscribe((u) => seenFirst.push(u));
    for (const id of ids) first.track(id, { inFlow: true });
    await first.tick();
    assert.equal(seenFirst.length, 10, 'ten created updates before the restart');
    first.stop();

    // While "closed": half verified, half failed a check.
    for (const [i, id] of ids.entries())
      await sim().submit(id, i % 2 === 0 ? 'verified' : 'document_expired');
    await eventually(() =>
      sim()
        .sessions()
        .filter((s) => ids.includes(s.id) && s.status !== 'processing' && s.status !== 'requires_input')
        .length === 5 &&
      sim()
        .sessions()
        .filter((s) => ids.includes(s.id) && s.status === 'processing').length === 0
        ? true
        : undefined,
    );

    const second = createWatcher({ gateway, store });
    assert.deepEqual(second.tracked().sort(), [...ids].sort(), 'the tracked set survived the restart');
    const seenSecond: SessionUpdate[] = [];
    second.subscribe((u) => seenSecond.push(u));
    await second.tick();
    await second.tick();
    const firstIds = new Set(seenFirst.map((u) => u.eventId));
    assert.ok(
      seenSecond.every((u) => !firstIds.has(u.eventId)),
      'no event delivered before the restart comes again',
    );
    for (const [i, id] of ids.entries()) {
      const mine = seenSecond.filter((u) => u.sessionId === id);
      assert.deepEqual(
        mine.map((u) => u.status),
        ['processing', i % 2 === 0 ? 'verified' : 'requires_input'],
        `session ${i}: every change while closed, once`,
      );
    }
    const failed = seenSecond.find((u) => u.status === 'requires_input');
    assert.equal(failed?.lastErrorCode, 'document_expired');
  });

  it('sends nothing while nothing is active, and stops once the last session is final', async () => {
    const clock = new ManualClock(Date.now());
    const watcher = createWatcher({
      gateway,
      store: new MemoryStore(),
      fastIntervalMs: 1000,
      slowIntervalMs: 5000,
      clock,
    });
    assert.equal(watcher.nextDelay(), null);
    const before = allRequests();
    watcher.start();
    assert.equal(clock.pending, 0, 'no tick scheduled with nothing to watch');
    await clock.advanceAsync(60 * 60_000);
    assert.equal(allRequests() - before, 0, 'no request in an hour with nothing to watch');

    const [id] = await startMany(1, 'Idle');
    const afterCreate = allRequests();
    // Created just now by the simulator, whose clock is real: the watcher's is an hour ahead.
    watcher.track(id!, { inFlow: true, createdAt: Date.now() });
    assert.equal(watcher.nextDelay(), 1000, 'fast while the customer is in the flow');
    assert.equal(clock.nextTimerIn(), 1000, 'the first tick is scheduled after the fast interval');
    await clock.advanceAsync(999);
    assert.equal(allRequests(), afterCreate, 'not before');
    await clock.advanceAsync(1);
    await eventually(() => (allRequests() > afterCreate ? true : undefined));
    await sim().submit(id!, 'verified');
    // Each tick schedules the next one while the session is active; none after it is final.
    await clock.runUntil(() => watcher.tracked().length === 0);
    await clock.advanceAsync(0);
    assert.equal(clock.pending, 0, 'no tick scheduled once nothing is active');
    const settled = allRequests();
    await clock.advanceAsync(60 * 60_000);
    assert.equal(allRequests() - settled, 0, 'no request in an hour once nothing is active');
    watcher.stop();
  });

  it('adapts its interval: fast in the flow or processing, slow while waiting', () => {
    const watcher = createWatcher({
      gateway,
      store: new MemoryStore(),
      fastIntervalMs: 1000,
      slowIntervalMs: 5000,
    });
    watcher.track('vs_waiting', { inFlow: false });
    assert.equal(watcher.nextDelay(), 5000);
    watcher.setInFlow('vs_waiting', true);
    assert.equal(watcher.nextDelay(), 1000);
    watcher.setInFlow('vs_waiting', false);
    watcher.track('vs_processing', { status: 'processing' });
    assert.equal(watcher.nextDelay(), 1000);
    watcher.untrack('vs_processing');
    watcher.untrack('vs_waiting');
    assert.equal(watcher.nextDelay(), null);
  });

  it('retrieves a session directly when its events lag', async () => {
    const [lagging, normal] = await startMany(2, 'Lag');
    // A gateway whose Events API never mentions the lagging session.
    const laggy = withoutEventsFor(gateway, lagging!);
    // A hand-driven clock: the lag is measured in the watcher's time, not the machine's load.
    const clock = new ManualClock(Date.now());
    const watcher = createWatcher({ gateway: laggy, store: new MemoryStore(), lagFallbackMs: 10_000, clock });
    const updates: SessionUpdate[] = [];
    watcher.subscribe((u) => updates.push(u));
    watcher.track(lagging!, { inFlow: true });
    watcher.track(normal!, { inFlow: true });
    await sim().submit(lagging!, 'verified');
    watcher.noteReturned(lagging!);
    const retrievesBefore = requests('GET /v1/identity/verification_sessions/:id');
    await watcher.tick();
    assert.equal(
      requests('GET /v1/identity/verification_sessions/:id') - retrievesBefore,
      0,
      'not before the lag',
    );
    clock.advance(10_000);
    await watcher.tick();
    const fallback = updates.find((u) => u.sessionId === lagging);
    assert.equal(fallback?.source, 'retrieve');
    assert.ok(fallback && ['processing', 'verified'].includes(fallback.status));
    assert.equal(requests('GET /v1/identity/verification_sessions/:id') - retrievesBefore, 1, 'one retrieve');
  });

  it('reports connectivity: offline when Stripe cannot be reached, online again after', async () => {
    const [id] = await startMany(1, 'Offline');
    const changes: boolean[] = [];
    const watcher = createWatcher({
      gateway,
      store: new MemoryStore(),
      onConnectivity: (online) => changes.push(online),
    });
    watcher.track(id!, { inFlow: true });
    await watcher.tick();
    sim().setFaults({ offline: true });
    try {
      await watcher.tick();
      assert.ok(watcher.nextDelay()! > 1000, 'backs off while offline');
    } finally {
      sim().setFaults({ offline: false });
    }
    await watcher.tick();
    assert.deepEqual(changes, [true, false, true]);
    assert.equal(watcher.nextDelay(), 1000, 'back to the fast interval');
  });

  it('does not lose an update a subscriber failed to record: it comes again next tick', async () => {
    const [id] = await startMany(1, 'Failing subscriber');
    const watcher = createWatcher({ gateway, store: new MemoryStore() });
    let failNext = true;
    const recorded: string[] = [];
    watcher.subscribe((u) => {
      if (u.sessionId !== id) return;
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      recorded.push(u.status);
    });
    watcher.track(id!, { inFlow: true });
    await watcher.tick();
    assert.deepEqual(recorded, [], 'the first delivery failed');
    await watcher.tick();
    assert.deepEqual(recorded, ['requires_input'], 'delivered again, once');
    await watcher.tick();
    assert.deepEqual(recorded, ['requires_input'], 'and not a third time');
  });

  it('stops following a session Stripe does not have, without resetting its cursor', async () => {
    const [real] = await startMany(1, 'Real');
    const clock = new ManualClock(Date.now());
    const watcher = createWatcher({ gateway, store: new MemoryStore(), lagFallbackMs: 1000, clock });
    const updates: SessionUpdate[] = [];
    watcher.subscribe((u) => updates.push(u));
    watcher.track(real!, { inFlow: true });
    watcher.track('vs_doesnotexist000000000000', { inFlow: true });
    watcher.noteReturned('vs_doesnotexist000000000000');
    await watcher.tick();
    clock.advance(1000);
    await watcher.tick();
    await watcher.tick();
    const gone = updates.filter((u) => u.sessionId === 'vs_doesnotexist000000000000');
    assert.deepEqual(
      gone.map((u) => [u.status, u.lastErrorCode]),
      [['failed', 'session_not_found']],
    );
    assert.deepEqual(watcher.tracked(), [real], 'the missing session is no longer followed');
    const mine = updates.filter((u) => u.sessionId === real).map((u) => u.eventId);
    assert.equal(new Set(mine).size, mine.length, 'no event delivered twice');
  });
});
