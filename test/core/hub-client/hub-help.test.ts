/**
 * A kiosk's "Need help?" on a hub backend, against the real hub (hub/, on PGlite, behind a
 * pass-through the test cuts): a new call reaches the hub's table at once; repeated presses send
 * nothing more; a call made while the hub cannot be reached is kept — through a restart of the
 * app as well — and arrives exactly once when the hub answers again (the station's POSTs are
 * counted on the wire). On the simulator nothing is sent anywhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../support/backend.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';
import { memoryKeychain, type MemoryKeychain } from '../../harness/keychain.ts';
import { startHubStationCore, storedHubConnection, type TestCore } from '../../support/app-core.ts';

const SERVICE = 'countersign-hub-help-test';
const HELP_POST = 'POST /hub/v1/help-calls';

describe('a kiosk’s help calls reach the hub', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  // The heartbeat is far off, so a resend here comes from the stream's reconnect.
  const open = (keychain: MemoryKeychain, dir?: string) =>
    startHubStationCore(
      keychain,
      { keychainService: SERVICE, heartbeatIntervalMs: 600_000, kiosk: true, station: 'kiosk-1' },
      dir,
    );
  const connect = async (t: TestCore, keychain: MemoryKeychain): Promise<string> => {
    await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Kiosk 1', 'Store 7', 'kiosk') });
    return (await storedHubConnection(keychain, SERVICE)).station!.id;
  };
  const calls = (stationId: string) =>
    th.db.query<{ id: string; at: unknown; session_id: string | null }>(
      'SELECT id, at, session_id FROM help_calls WHERE station_id = $1 ORDER BY at, id',
      [stationId],
    );
  const helpPosts = () => th.requests().filter((r) => r === HELP_POST).length;

  it('a new call arrives at once; repeated presses send nothing; a call made offline arrives once after restore', async () => {
    const keychain = memoryKeychain();
    const t = await open(keychain);
    try {
      const stationId = await connect(t, keychain);
      const postsBefore = helpPosts();

      const first = await t.call('customer.help', {}, 'customer');
      assert.equal(first.repeated, false);
      const arrived = await eventually(async () => {
        const rows = await calls(stationId);
        return rows.length === 1 ? rows : undefined;
      });
      assert.equal(Number(arrived[0]!.at), first.calledAt, 'the time the customer pressed');
      assert.equal(arrived[0]!.session_id, null, 'no session on screen');
      assert.match(arrived[0]!.id, /^help_[A-Za-z0-9_-]+$/);

      for (let i = 0; i < 3; i++) {
        assert.equal((await t.call('customer.help', {}, 'customer')).repeated, true);
      }
      // The next customer: begin (a session through the hub), done, begin again.
      await t.call('customer.begin', {}, 'customer');
      await t.call('customer.done', {}, 'customer');
      const sessionIds = async () =>
        (await th.db.query<{ id: string }>('SELECT id FROM sessions WHERE station_id = $1', [stationId])).map(
          (r) => r.id,
        );
      const earlier = new Set(await sessionIds());
      assert.equal((await t.call('customer.begin', {}, 'customer')).screen, 'in_flow');
      // The session on screen: the one this begin created through the hub.
      const sessionId = (await sessionIds()).find((id) => !earlier.has(id));
      assert.ok(sessionId?.startsWith('vs_'), 'a session is on screen');

      const refused = th.refusedWhileCut();
      th.cut();
      const second = await t.call('customer.help', {}, 'customer');
      assert.equal(second.repeated, false);
      // The station tried the cut hub: nothing new there meanwhile.
      await eventually(() => (th.refusedWhileCut() > refused ? true : undefined));
      assert.equal((await calls(stationId)).length, 1);

      th.restore();
      const both = await eventually(async () => {
        const rows = await calls(stationId);
        return rows.length === 2 ? rows : undefined;
      });
      assert.equal(Number(both[1]!.at), second.calledAt);
      assert.equal(both[1]!.session_id, sessionId, 'the Stripe session on screen, nothing else');
      // On the wire: one POST for the first call, one for the second after the restore, none for
      // the repeated presses.
      assert.equal(helpPosts() - postsBefore, 2);
    } finally {
      await t.close();
    }
  });

  it('a call kept while the hub is unreachable outlasts a restart and arrives once', async () => {
    const keychain = memoryKeychain();
    const first = await open(keychain);
    const dir = first.dir;
    const stationId = await connect(first, keychain);
    const refused = th.refusedWhileCut();
    th.cut();
    const call = await first.call('customer.help', {}, 'customer');
    assert.equal(call.repeated, false);
    await eventually(() => (th.refusedWhileCut() > refused ? true : undefined));
    await first.core.close();
    assert.deepEqual(await calls(stationId), [], 'nothing reached the hub');

    const postsBefore = helpPosts();
    th.restore();
    const second = await open(keychain, dir);
    try {
      const rows = await eventually(async () => {
        const r = await calls(stationId);
        return r.length === 1 ? r : undefined;
      });
      assert.equal(Number(rows[0]!.at), call.calledAt);
      assert.equal(helpPosts() - postsBefore, 1, 'sent once');
    } finally {
      await second.close();
    }
  });

  it('on the simulator nothing is sent', async () => {
    const t = await open(memoryKeychain());
    try {
      const postsBefore = helpPosts();
      assert.equal((await t.call('app.status', {})).backend, 'simulator');
      assert.equal((await t.call('customer.help', {}, 'customer')).repeated, false);
      const journal = (await t.call('kiosk.status', {})).journal;
      assert.equal(journal[0]?.type, 'help_requested', 'the journal has it');
      assert.equal(helpPosts(), postsBefore);
    } finally {
      await t.close();
    }
  });
});
