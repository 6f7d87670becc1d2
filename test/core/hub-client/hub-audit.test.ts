/**
 * The station's audit trail uploaded to a real hub (hub/, on PGlite, behind a pass-through the
 * test cuts), on an injected clock: entries made while the hub cannot be reached are retried with
 * backoff and arrive exactly once, in batches, when it returns; a station stopped between the POST
 * and saving the hub's answer (the answer lost: its store refuses the write) resends that batch
 * after a restart and the hub still holds each entry once; a bad entry the hub refuses is skipped
 * alone, and the entries after it still arrive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '../../../main/core/hub-client/hub-credentials.ts';
import { createRevocation } from '../../../main/core/hub-client/hub-gateway.ts';
import { AUDIT_HELD_KEY, createHubAuditUpload } from '../../../main/core/hub-client/hub-audit.ts';
import { openAuditLog, type AuditLog } from '../../../main/core/audit/index.ts';
import { MemoryStore, type KeyValueStore } from '../../../main/core/storage/index.ts';
import { silentLogger } from '../../../base/logger.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { enroll } from '../../support/hub.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';

const AUDIT_POST = 'POST /hub/v1/audit';

describe('the audit trail reaches the hub exactly once', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  async function station(name: string) {
    const enrolled = await enroll(th.hub, 'Store 9', name);
    const connection = {
      url: th.url,
      token: enrolled.token,
      station: { id: enrolled.id, name, store: 'Store 9', kind: 'counter' },
    } as unknown as HubConnection;
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
    const log = openAuditLog({
      store: new MemoryStore(),
      headStore: new MemoryStore(),
      clock,
      station: name,
    });
    return { id: enrolled.id, connection, clock, log };
  }
  const addEntries = (log: AuditLog, count: number, detail: (i: number) => string | null = () => null) => {
    for (let i = 0; i < count; i += 1) {
      log.append({
        actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: 'clerk' },
        action: 'sessions.create',
        outcome: 'ok',
        sessionId: null,
        reference: `Order ${i}`,
        reason: null,
        note: null,
        detail: detail(i),
      });
    }
  };
  const upload = (s: Awaited<ReturnType<typeof station>>, store: KeyValueStore) =>
    createHubAuditUpload({
      connection: s.connection,
      store,
      entriesAfter: (seq) => s.log.all().filter((e) => e.seq > seq),
      clock: s.clock,
      logger: silentLogger,
      revocation: createRevocation(() => undefined),
      random: () => 0.5,
    });
  const heldRows = async (stationId: string) =>
    (
      await th.db.query<{ seq: unknown; hash: string }>(
        'SELECT seq, hash FROM audit_entries WHERE station_id = $1 ORDER BY seq',
        [stationId],
      )
    ).map((r) => ({ seq: Number(r.seq), hash: r.hash }));
  const auditPosts = () => th.requests().filter((r) => r === AUDIT_POST).length;

  it('entries made offline are retried with backoff and arrive once, in batches, when the hub returns', async () => {
    const s = await station('Counter A');
    const store = new MemoryStore();
    const up = upload(s, store);
    try {
      addEntries(s.log, 45);
      const postsBefore = auditPosts();
      th.cut();
      await up.flush();
      assert.equal(up.held(), 0);
      assert.equal(th.refusedWhileCut() > 0, true, 'the station tried the cut hub');
      // Still cut: each retry waits longer (2 s, 4 s, 8 s… with this jitter, 3/4 of each cap).
      await s.clock.advanceAsync(1500);
      await s.clock.runUntil(async () => th.refusedWhileCut() >= 3);
      assert.deepEqual(await heldRows(s.id), []);
      th.restore();
      await s.clock.runUntil(() => up.held() === 45, 10_000);
      const rows = await heldRows(s.id);
      assert.deepEqual(
        rows.map((r) => r.seq),
        Array.from({ length: 45 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        rows.map((r) => r.hash),
        s.log.all().map((e) => e.hash),
      );
      assert.equal(auditPosts() - postsBefore, 3, 'batches of 20, 20 and 5 once through');
      assert.equal(store.get(AUDIT_HELD_KEY), 45);
      // Nothing new: nothing sent.
      await up.flush();
      assert.equal(auditPosts() - postsBefore, 3);
    } finally {
      th.restore();
      up.stop();
    }
  });

  it('a station stopped before saving the hub’s answer resends after a restart; each entry is held once', async () => {
    const s = await station('Counter B');
    addEntries(s.log, 30);
    // The first run: the hub takes the batches, but its answers are never saved (a kill right
    // after each POST looks the same to the store: nothing written).
    const lost = new MemoryStore();
    lost.set = () => {
      throw new Error('killed before the write');
    };
    const first = upload(s, lost);
    await first.flush();
    first.stop();
    assert.equal((await heldRows(s.id)).length, 30, 'the hub took every entry');
    // The restart: nothing saved, so everything is sent again; the hub keeps one of each.
    const store = new MemoryStore();
    const postsBefore = auditPosts();
    const second = upload(s, store);
    addEntries(s.log, 5);
    await second.flush();
    second.stop();
    assert.equal(second.held(), 35);
    assert.equal(store.get(AUDIT_HELD_KEY), 35);
    assert.equal(auditPosts() - postsBefore, 2, '30 resent and 5 new, in batches of 20');
    const rows = await heldRows(s.id);
    assert.deepEqual(
      rows.map((r) => r.seq),
      Array.from({ length: 35 }, (_, i) => i + 1),
    );
    // And a restart that did save the answer sends only what is new.
    const third = upload(s, store);
    await third.flush();
    assert.equal(auditPosts() - postsBefore, 2);
    third.stop();
  });

  it('an entry the hub refuses is skipped alone; the rest still arrive', async () => {
    const s = await station('Counter C');
    // A NUL byte passes the station's schema but no hub table can hold it.
    addEntries(s.log, 8, (i) => (i === 4 ? 'bad\u0000detail' : null));
    const store = new MemoryStore();
    const up = upload(s, store);
    await up.flush();
    up.stop();
    assert.equal(up.held(), 8);
    assert.deepEqual(
      (await heldRows(s.id)).map((r) => r.seq),
      [1, 2, 3, 4, 6, 7, 8],
    );
  });
});
