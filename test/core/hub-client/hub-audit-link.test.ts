/**
 * The audit trail of a station on a hub backend reaches the hub through the app itself (the hub
 * link uploads it at start, on each stream connect and heartbeat): what staff did while the hub
 * could not be reached — and across a restart of the app in the meantime — arrives exactly once
 * when it answers again, the hub's rows matching the station's trail seq for seq and hash for hash.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../support/backend.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { startHubStationCore, storedHubConnection, type TestCore } from '../../support/app-core.ts';

const SERVICE = 'countersign-hub-audit-test';

describe('a hub station’s audit trail reaches the hub', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  const open = (keychain: ReturnType<typeof memoryKeychain>, dir?: string) =>
    startHubStationCore(
      keychain,
      { keychainService: SERVICE, heartbeatIntervalMs: 600_000, station: 'counter-1' },
      dir,
    );
  const trail = async (t: TestCore) =>
    (await t.call('audit.list', { limit: 1000 })).entries
      .map((e) => ({ seq: e.seq, hash: e.hash }))
      .reverse();
  const held = async (stationId: string) =>
    (
      await th.db.query<{ seq: unknown; hash: string }>(
        'SELECT seq, hash FROM audit_entries WHERE station_id = $1 ORDER BY seq',
        [stationId],
      )
    ).map((r) => ({ seq: Number(r.seq), hash: r.hash }));

  it('entries made offline and across a restart arrive once when the hub answers again', async () => {
    const keychain = memoryKeychain();
    const first = await open(keychain);
    const dir = first.dir;
    await first.call('hub.connect', { hubUrl: th.url, code: await th.code('Counter 1', 'Store 5') });
    const stationId = (await storedHubConnection(keychain, SERVICE)).station!.id;
    // Connecting is itself on the trail; the new hub backend uploads it.
    const before = await trail(first);
    assert.ok(before.length > 0, 'connecting is audited');

    const refused = th.refusedWhileCut();
    th.cut();
    for (let i = 0; i < 3; i += 1) {
      await first.call('settings.update', { fastIntervalMs: 2000 + i * 100 });
    }
    await eventually(() => (th.refusedWhileCut() > refused ? true : undefined));
    const offline = await trail(first);
    assert.ok(offline.length >= before.length + 3, 'the changes are on the trail');
    await first.core.close();

    th.restore();
    const second = await open(keychain, dir);
    try {
      const local = await trail(second);
      const rows = await eventually(async () => {
        const r = await held(stationId);
        return r.length >= local.length ? r : undefined;
      }, 15_000);
      assert.deepEqual(rows.slice(0, local.length), local, 'every entry once, as the station has it');
      assert.equal(new Set(rows.map((r) => r.seq)).size, rows.length);
    } finally {
      await second.close();
    }
  });
});
