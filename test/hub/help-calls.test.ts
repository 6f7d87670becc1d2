/**
 * A kiosk's call for help at the hub (`POST /hub/v1/help-calls`), on PGlite: only an enrolled,
 * unrevoked station's token is taken; a bad body is refused with nothing stored; a resend of the
 * same id is the same call (200 `replayed`, one row); stations are isolated (the same id from
 * two stations is two calls, a station's token neither reads the overview nor acknowledges);
 * the overview lists each station's open calls and the admin's CSRF-protected acknowledgement
 * clears exactly the calls it names; the station's rate limit applies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { helpCallAnswerSchema } from '../../contract/hub-api.ts';
import type { Db } from '../../hub/src/db.ts';
import type { Overview } from '../../hub/src/fleet-overview.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { enroll, openPglite, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';

const PASSWORD = 'correct-horse-battery';
/** The per-station burst of this hub: the rate-limit test spends it; the hub's clock never moves. */
const BURST = 20;

describe('help calls at the hub', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let kioskA: Enrolled;
  let kioskB: Enrolled;
  const now = Date.UTC(2026, 11, 1, 13, 5, 0);
  let admin: { cookie: string; csrf: string };

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, {
      now: () => now,
      adminPassword: PASSWORD,
      secureCookies: false,
      stationBurst: BURST,
      stationRatePerSecond: 1,
    });
    kioskA = await enroll(hub, 'Store 1', 'Kiosk A', 'kiosk');
    kioskB = await enroll(hub, 'Store 2', 'Kiosk B', 'kiosk');
    admin = await signIn();
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const form = await fetch(`${hub.url}/fleet`);
    const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ok = await fetch(`${hub.url}/fleet/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: `csrf=${token}&password=${PASSWORD}`,
    });
    const cookie = (ok.headers.getSetCookie().find((c) => c.startsWith('hub_admin=')) ?? '').split(';')[0]!;
    const csrf = (
      (await (await fetch(`${hub.url}/fleet/api/csrf`, { headers: { cookie } })).json()) as {
        csrf: string;
      }
    ).csrf;
    return { cookie, csrf };
  }

  const report = (token: string | null, body: unknown) =>
    fetch(`${hub.url}/hub/v1/help-calls`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const rows = (stationId: string) =>
    db.query<{ id: string; at: unknown; session_id: string | null; acknowledged_at: unknown }>(
      'SELECT id, at, session_id, acknowledged_at FROM help_calls WHERE station_id = $1 ORDER BY id',
      [stationId],
    );
  const overview = async (cookie = admin.cookie): Promise<Response> =>
    fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } });
  const openCalls = async (stationId: string) =>
    ((await (await overview()).json()) as Overview).stations.find((s) => s.id === stationId)?.helpCalls;
  const ack = (stationId: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}/fleet/api/stations/${stationId}/help-calls/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const asAdmin = (withCsrf = true): Record<string, string> => ({
    cookie: admin.cookie,
    ...(withCsrf ? { 'x-csrf-token': admin.csrf } : {}),
  });

  test('only an enrolled station’s token is taken', async () => {
    const call = { id: 'help_auth', at: now };
    const none = await report(null, call);
    assert.equal(none.status, 401);
    assert.equal(await errorCode(none), 'invalid_station_token');
    const forged = await report('cs_station_notissued', call);
    assert.equal(forged.status, 401);
    assert.equal(await errorCode(forged), 'invalid_station_token');
    assert.equal((await db.query('SELECT 1 FROM help_calls')).length, 0, 'nothing stored');
  });

  test('a bad body is refused with 400 and nothing is stored', async () => {
    const bad: unknown[] = [
      {},
      { at: now },
      { id: 'help_1' },
      { id: 'help_1', at: 'now' },
      { id: 'help_1', at: -5 },
      { id: 'has space', at: now },
      { id: 'x'.repeat(65), at: now },
      // Only a Stripe session id, never anything personal.
      { id: 'help_1', at: now, sessionId: 'jane@example.com' },
      { id: 'help_1', at: now, name: 'Jane Doe' },
    ];
    for (const body of bad) {
      const res = await report(kioskA.token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(await errorCode(res), 'parameter_invalid');
    }
    assert.deepEqual(await rows(kioskA.id), []);
  });

  test('a resend of the same id is the same call: 201, then 200 replayed, one row', async () => {
    const call = { id: 'help_first', at: now - 60_000, sessionId: 'vs_123abc' };
    const first = await report(kioskA.token, call);
    assert.equal(first.status, 201);
    assert.deepEqual(helpCallAnswerSchema.parse(await first.json()), { id: 'help_first', replayed: false });
    const again = await report(kioskA.token, { ...call, at: now });
    assert.equal(again.status, 200);
    assert.deepEqual(helpCallAnswerSchema.parse(await again.json()), { id: 'help_first', replayed: true });
    const stored = await rows(kioskA.id);
    assert.deepEqual(
      stored.map((r) => [r.id, Number(r.at), r.session_id, r.acknowledged_at]),
      [['help_first', now - 60_000, 'vs_123abc', null]],
      'the first report stands; the resend changed nothing',
    );
  });

  test('stations are isolated: the same id is two calls; a station token neither reads nor acknowledges', async () => {
    assert.equal((await report(kioskB.token, { id: 'help_first', at: now })).status, 201, 'B’s own call');
    assert.equal((await rows(kioskA.id)).length, 1);
    assert.equal((await rows(kioskB.id)).length, 1);
    assert.deepEqual(await openCalls(kioskA.id), [{ id: 'help_first', at: now - 60_000 }]);
    assert.deepEqual(await openCalls(kioskB.id), [{ id: 'help_first', at: now }]);

    // A station's token is no admin: the overview and the acknowledgement refuse it.
    const read = await fetch(`${hub.url}/fleet/api/overview`, {
      headers: { authorization: `Bearer ${kioskB.token}` },
    });
    assert.equal(read.status, 401);
    assert.equal(await errorCode(read), 'admin_signin_required');
    const byStation = await ack(
      kioskA.id,
      { ids: ['help_first'] },
      { authorization: `Bearer ${kioskB.token}` },
    );
    assert.equal(byStation.status, 401);
    assert.equal(await errorCode(byStation), 'admin_signin_required');
    assert.equal((await rows(kioskA.id))[0]?.acknowledged_at, null, 'A’s call is still open');
  });

  test('the admin acknowledges with the CSRF token, and exactly the calls named', async () => {
    const noCsrf = await ack(kioskA.id, { ids: ['help_first'] }, asAdmin(false));
    assert.equal(noCsrf.status, 403);
    assert.equal(await errorCode(noCsrf), 'csrf_invalid');
    for (const body of [{}, { ids: [] }, { ids: 'help_first' }, { ids: [42] }]) {
      const res = await ack(kioskA.id, body, asAdmin());
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(await errorCode(res), 'parameter_invalid');
    }
    const unknown = await ack('st_nosuchstation', { ids: ['help_first'] }, asAdmin());
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'resource_missing');

    // A call that came after the admin looked stays open.
    assert.equal((await report(kioskA.token, { id: 'help_second', at: now })).status, 201);
    const done = await ack(kioskA.id, { ids: ['help_first'] }, asAdmin());
    assert.equal(done.status, 200);
    assert.deepEqual(await done.json(), { acknowledged: 1 });
    assert.deepEqual(await openCalls(kioskA.id), [{ id: 'help_second', at: now }]);
    assert.deepEqual(await openCalls(kioskB.id), [{ id: 'help_first', at: now }], 'B’s same id untouched');
    const twice = await ack(kioskA.id, { ids: ['help_first'] }, asAdmin());
    assert.deepEqual(await twice.json(), { acknowledged: 0 }, 'already acknowledged');
    // A resend of an acknowledged call does not open it again.
    assert.equal((await report(kioskA.token, { id: 'help_first', at: now })).status, 200);
    assert.deepEqual(await openCalls(kioskA.id), [{ id: 'help_second', at: now }]);
  });

  test('a revoked station’s calls are refused; the per-station rate limit applies', async () => {
    const kioskC = await enroll(hub, 'Store 3', 'Kiosk C', 'kiosk');
    const statuses: number[] = [];
    for (let i = 0; i <= BURST; i++)
      statuses.push((await report(kioskC.token, { id: `help_r${i}`, at: now })).status);
    assert.deepEqual(statuses, [...Array<number>(BURST).fill(201), 429], 'the burst, then refused');
    assert.equal((await rows(kioskC.id)).length, BURST);

    await hub.stations.revoke(kioskB.id);
    const revoked = await report(kioskB.token, { id: 'help_late', at: now });
    assert.equal(revoked.status, 401);
    assert.equal(await errorCode(revoked), 'station_revoked');
    assert.equal((await rows(kioskB.id)).length, 1);
  });
});
