/**
 * Enrollment (a one-time code works once; used, expired and unknown codes are refused) and the
 * fleet page's admin: sign-in with the double-submit token, cookie flags, CSRF refusal on every
 * POST without the session's token, creating a code, revoking a station. PGlite, hub clock moved
 * by hand for expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrollResponseSchema } from '../../contract/hub-api.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { StreamClient, openPglite, startStripe, startTestHub } from '../support/hub.ts';

const PASSWORD = 'correct-horse-battery';

describe('enrollment and the fleet admin', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, {
      now: () => now,
      adminPassword: PASSWORD,
      keepAliveMs: 50,
    });
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  const enrollWith = (code: string) =>
    fetch(`${hub.url}/hub/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, appVersion: '1.0.0' }),
    });

  test('a code works once; used, expired, unknown and malformed codes are refused', async () => {
    const { code } = await hub.stations.createCode({ store: 'Store 7', name: 'Kiosk 1', kind: 'kiosk' });
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    // Typed in lower case without dashes, as a person might.
    const first = await enrollWith(code.toLowerCase().replaceAll('-', ''));
    assert.equal(first.status, 200);
    const body = enrollResponseSchema.parse(await first.json());
    assert.deepEqual(
      { ...body.station, id: undefined },
      { id: undefined, name: 'Kiosk 1', store: 'Store 7', kind: 'kiosk' },
    );
    const ping = await fetch(`${hub.url}/v1/identity/verification_sessions?limit=1`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    assert.equal(ping.status, 200, 'the new token works');

    const again = await enrollWith(code);
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'enrollment_code_invalid');

    const late = await hub.stations.createCode({ store: 'Store 7', name: 'Counter 2', kind: 'counter' });
    now += 24 * 3600_000 + 1;
    const expired = await enrollWith(late.code);
    assert.equal(expired.status, 400);
    assert.equal(
      ((await expired.json()) as { error: { code: string } }).error.code,
      'enrollment_code_invalid',
    );

    const unknown = await enrollWith('AAAAA-BBBBB-CCCCC');
    assert.equal(unknown.status, 400);
    const malformed = await enrollWith('x'.repeat(10_000));
    assert.equal(malformed.status, 400);
  });

  test('admin: sign-in, cookie flags, CSRF on every POST, create a code, revoke a station', async () => {
    // Not signed in: the page is the sign-in form, the API refuses.
    assert.equal((await fetch(`${hub.url}/fleet/api/overview`)).status, 401);
    const form = await fetch(`${hub.url}/fleet`);
    assert.equal(form.status, 200);
    const html = await form.text();
    const loginToken = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.ok(loginToken && loginCookie.startsWith('hub_login='));

    const signIn = (body: string, cookie: string) =>
      fetch(`${hub.url}/fleet/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body,
      });
    assert.equal((await signIn(`password=${PASSWORD}`, loginCookie)).status, 403, 'no sign-in token');
    assert.equal((await signIn(`csrf=${loginToken}&password=wrong-password-here`, loginCookie)).status, 401);
    const ok = await signIn(`csrf=${loginToken}&password=${PASSWORD}`, loginCookie);
    assert.equal(ok.status, 303);
    const setCookies = ok.headers.getSetCookie();
    const admin = setCookies.find((c) => c.startsWith('hub_admin='));
    assert.ok(admin);
    assert.match(admin, /HttpOnly/i);
    assert.match(admin, /Secure/i);
    assert.match(admin, /SameSite=Strict/i);
    assert.match(admin, /Path=\/fleet/);
    const cookie = admin.split(';')[0] ?? '';

    const csrf = (
      (await (await fetch(`${hub.url}/fleet/api/csrf`, { headers: { cookie } })).json()) as { csrf: string }
    ).csrf;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...(token ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify(body),
      });

    const codeBody = { store: 'Store 9', name: '<b>Counter</b> 1', kind: 'counter' };
    const noToken = await post('/fleet/api/enrollment-codes', codeBody);
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { error: { code: string } }).error.code, 'csrf_invalid');
    assert.equal((await post('/fleet/api/enrollment-codes', codeBody, 'forged')).status, 403);
    const created = await post('/fleet/api/enrollment-codes', codeBody, csrf);
    assert.equal(created.status, 200);
    const { code } = (await created.json()) as { code: string };
    const station = enrollResponseSchema.parse(await (await enrollWith(code)).json());

    // Names are data, kept as typed; the page shows them as text (test/hub/fleet-page.test.ts).
    const listed = (await (await fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } })).json()) as {
      stations: Array<{ id: string; name: string }>;
    };
    assert.equal(listed.stations.find((s) => s.id === station.station.id)?.name, '<b>Counter</b> 1');

    const revokePath = `/fleet/api/stations/${station.station.id}/revoke`;
    assert.equal((await post(revokePath, {})).status, 403, 'revoke without the CSRF token');
    const stillWorks = await fetch(`${hub.url}/v1/identity/verification_sessions?limit=1`, {
      headers: { authorization: `Bearer ${station.token}` },
    });
    assert.equal(stillWorks.status, 200);
    assert.equal((await post(revokePath, {}, csrf)).status, 200);
    const refused = await fetch(`${hub.url}/v1/identity/verification_sessions?limit=1`, {
      headers: { authorization: `Bearer ${station.token}` },
    });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'station_revoked');

    const overview = (await (
      await fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } })
    ).json()) as {
      stations: Array<{ id: string; revoked: boolean }>;
    };
    assert.equal(overview.stations.find((s) => s.id === station.station.id)?.revoked, true);

    // A station's heartbeat feeds the page: last seen, online, queued, active.
    const live = enrollResponseSchema.parse(
      await (
        await enrollWith(
          (await hub.stations.createCode({ store: 'Store 9', name: 'Kiosk 3', kind: 'kiosk' })).code,
        )
      ).json(),
    );
    const beat = (body: unknown, token = live.token) =>
      fetch(`${hub.url}/hub/v1/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await beat({ queued: 2, active: 1, appVersion: '1.2.3' })).status, 204);
    assert.equal((await beat({ queued: -1, active: 0 })).status, 400);
    assert.equal((await beat({ queued: 0, active: 0 }, 'cs_station_unknown')).status, 401);
    const fleet = (await (await fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } })).json()) as {
      stations: Array<{ id: string; queued: number; active: number; online: boolean; appVersion: string }>;
    };
    const row = fleet.stations.find((s) => s.id === live.station.id);
    assert.deepEqual(
      row && { queued: row.queued, active: row.active, online: row.online, appVersion: row.appVersion },
      { queued: 2, active: 1, online: true, appVersion: '1.2.3' },
    );

    // Sign out ends the session (with its token, like every POST).
    const out = await fetch(`${hub.url}/fleet/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: `csrf=${csrf}`,
    });
    assert.equal(out.status, 303);
    assert.equal((await fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } })).status, 401);
  });

  test('an idle stream gets a keep-alive comment', async () => {
    const { code } = await hub.stations.createCode({ store: 'Store 8', name: 'Counter 8', kind: 'counter' });
    const { token } = enrollResponseSchema.parse(await (await enrollWith(code)).json());
    const stream = await StreamClient.open(hub.url, token);
    await stream.until(() => stream.keepAlives >= 2, 'two keep-alives');
    assert.deepEqual(stream.messages, []);
    stream.close();
  });

  test('a revocation whose NOTIFY never came still closes the stream (the once-a-second sweep)', async () => {
    const { code } = await hub.stations.createCode({ store: 'Store 8', name: 'Counter 10', kind: 'counter' });
    const enrolled = enrollResponseSchema.parse(await (await enrollWith(code)).json());
    const stream = await StreamClient.open(hub.url, enrolled.token);
    // Revoked behind the hub's back (another instance whose NOTIFY was lost).
    await db.query('UPDATE stations SET revoked_at = 1 WHERE id = $1', [enrolled.station.id]);
    // The sweep runs every second: allow a few under a loaded machine (a timing claim is the bench's).
    await stream.until(() => stream.ended, 'the stream closed by the sweep', 3000);
  });
});
