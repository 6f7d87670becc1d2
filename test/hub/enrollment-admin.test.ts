/**
 * Enrollment (a one-time code works once; used, expired and unknown codes are refused) and the
 * fleet page's admin: sign-in with the double-submit token, cookie flags, CSRF refusal on every
 * POST without the session's token, creating a code, revoking a station. PGlite, hub clock moved
 * by hand for expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrollResponseSchema } from '../../contract/hub-api.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { openPglite, startStripe, startTestHub } from './support.ts';

const PASSWORD = 'correct-horse-battery';

describe('enrollment and the fleet admin', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);

  before(async () => {
    sim = await startStripe();
    hub = await startTestHub(sim, await openPglite(), { now: () => now, adminPassword: PASSWORD });
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

    const page = await (await fetch(`${hub.url}/fleet`, { headers: { cookie } })).text();
    assert.ok(page.includes('&#60;b&#62;Counter&#60;/b&#62; 1'), 'names are escaped');
    assert.ok(!page.includes('<b>Counter</b>'));

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
});
