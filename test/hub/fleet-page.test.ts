/**
 * The fleet page as the admin uses it: the React app (built from hub/fleet/) in Debian's
 * Chromium against an in-process hub on PGlite, Stripe played by the simulator. Sign in through
 * the server-rendered form, see an enrolled station and its sessions, create an enrollment code
 * (shown once, and it enrols a station), let a station see its store's sessions (the database
 * holds it and the station's token then reads a store-mate's session), revoke a station (the row
 * says so and its token is refused), and a POST from the signed-in page without the CSRF token
 * is refused. The page must run under its CSP without a single console error. (The page in
 * Japanese, the language switch and axe: fleet-page-languages.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { enrollResponseSchema } from '../../contract/hub-api.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { screenshot } from '../support/e2e.ts';
import {
  FLEET_PER_RUN,
  FLEET_ADMIN_PASSWORD,
  startFleetBrowser,
  type FleetBrowser,
} from '../support/fleet-browser.ts';
import { createSession, enroll, type Enrolled } from '../support/hub.ts';

/** A station name an attacker with a code might choose: it must show as text, never as markup. */
const MARKUP_NAME = '<img src=x onerror=alert(1)> Till';

describe('the fleet page (React) in Chromium', () => {
  let hub: RunningHub;
  let fleet: FleetBrowser;
  let page: Page;
  let db: Db;
  let counter: Enrolled;
  let pageErrors: string[] = [];

  before(async () => {
    fleet = await startFleetBrowser();
    ({ hub, db, page, pageErrors } = fleet);
    counter = await enroll(hub, 'Store 1', 'Counter 1');
    await createSession(counter.sdk(hub), 'ref-fleet-1');
    await enroll(hub, 'Store 1', MARKUP_NAME);
  });
  after(async () => {
    await fleet?.close();
  });

  const stationRow = (name: string) => page.locator('tr[data-station-id]', { hasText: name });
  const tokenWorks = async (token: string) =>
    fetch(`${hub.url}/v1/identity/verification_sessions?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });

  test('sign in: the stations table shows the enrolled station (online: it just made a request), its store and its session', async () => {
    await page.goto(`${hub.url}/fleet`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the browser asks for English');
    await page.getByLabel('Admin password').fill('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const row = stationRow('Counter 1');
    await row.waitFor();
    assert.deepEqual(
      await row
        .locator('td')
        .allInnerTexts()
        // The state's first line (its second says since when).
        .then((cells) => cells.slice(1, 4).map((c) => c.split('\n')[0])),
      ['Store 1', 'Counter', 'online'],
    );
    assert.ok((await row.innerText()).includes(counter.id));
    assert.equal(await stationRow(MARKUP_NAME).count(), 1, 'a name with markup shows as text');
    assert.equal(await page.locator('main img').count(), 0);
    const sessions = page.getByRole('region', { name: 'Sessions in Store 1' });
    assert.match(await sessions.innerText(), /Needs input/, 'the status in words');
    assert.equal(
      await sessions.locator('[data-code="requires_input"]').first().getAttribute('title'),
      'Code: requires_input',
    );
    assert.match(await sessions.innerText(), /Counter 1/);
  });

  test('a new enrollment code is shown once and enrols a station', async () => {
    await page.getByLabel('Store', { exact: true }).fill('Store 2');
    await page.getByLabel('Station name').fill('Kiosk 2');
    await page.getByLabel('Kind').selectOption('kiosk');
    await page.getByRole('button', { name: 'Create enrollment code' }).click();
    const code = await page.getByTestId('enrollment-code').innerText();
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    const res = await fetch(`${hub.url}/hub/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, appVersion: '1.0.0' }),
    });
    assert.equal(res.status, 200, 'the code shown enrols a station');
    const kiosk = enrollResponseSchema.parse(await res.json());
    assert.equal(kiosk.station.kind, 'kiosk');
    // Its heartbeat feeds the page: online, queued, active.
    const beat = await fetch(`${hub.url}/hub/v1/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ queued: 2, active: 1, appVersion: '1.0.0' }),
    });
    assert.equal(beat.status, 204);

    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByTestId('enrollment-code').count(), 0);
    await page.reload();
    const row = stationRow('Kiosk 2');
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(
      [...cells.slice(1, 4), ...cells.slice(5, 7)].map((c) => c.split('\n')[0]),
      ['Store 2', 'Kiosk', 'online', '2', '1'],
    );
    assert.match(cells[4] ?? '', /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d:\d\d UTC$/, 'last seen, in UTC');
    assert.ok(!(await page.locator('body').innerText()).includes(code), 'the code is not shown again');
  });

  test("store sharing: the checkbox sets it in the database and the station then sees its store's sessions", async () => {
    const mate = await enroll(hub, 'Store 1', 'Till 1b');
    const mine = await createSession(counter.sdk(hub), 'ref-fleet-share');
    const mateReads = async () =>
      fetch(`${hub.url}/v1/identity/verification_sessions/${mine.id}`, {
        headers: { authorization: `Bearer ${mate.token}` },
      });
    const shared = async () =>
      (
        await db.query<{ share_store: boolean }>('SELECT share_store FROM stations WHERE id = $1', [mate.id])
      )[0]?.share_store;
    assert.equal((await mateReads()).status, 404, 'off by default: only its own sessions');

    await page.reload();
    const row = stationRow('Till 1b');
    const box = row.getByRole('checkbox', { name: 'Sees its store’s sessions' });
    assert.equal(await box.isChecked(), false);
    // The box shows checked only once the hub has it (the row follows the reloaded overview).
    await box.click();
    await row.locator('input[type=checkbox]:checked').waitFor();
    assert.equal(await shared(), true, 'the database holds it');
    const read = await mateReads();
    assert.equal(read.status, 200, "the station's token now reads its store-mate's session");
    assert.equal(((await read.json()) as { id: string }).id, mine.id);
    assert.equal(await stationRow('Counter 1').getByRole('checkbox').isChecked(), false, 'only that row');

    await box.click();
    await row.locator('input[type=checkbox]:not(:checked):enabled').waitFor();
    assert.equal(await shared(), false);
    assert.equal((await mateReads()).status, 404, 'off again: its own sessions only');
  });

  test('revoke asks first, then the row shows revoked and the token is refused', async () => {
    assert.equal((await tokenWorks(counter.token)).status, 200);
    const row = stationRow('Counter 1');
    await row.getByRole('button', { name: 'Revoke Counter 1' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await tokenWorks(counter.token)).status, 200, 'cancel revokes nothing');

    await row.getByRole('button', { name: 'Revoke Counter 1' }).click();
    await row.getByRole('button', { name: 'Yes, revoke Counter 1' }).click();
    await row.locator('.status', { hasText: 'revoked' }).waitFor();
    assert.equal(await row.getByRole('button').count(), 0, 'a revoked station has nothing left to revoke');
    const refused = await tokenWorks(counter.token);
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'station_revoked');
    await screenshot(page, 'hub-fleet', FLEET_PER_RUN);
  });

  test('a refused code request says why, and what was typed stays', async () => {
    await page.getByLabel('Store', { exact: true }).fill('S'.repeat(80));
    await page.getByLabel('Station name').fill('   ');
    await page.getByRole('button', { name: 'Create enrollment code' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give a store and a station name' }).waitFor();
    assert.equal(await page.getByLabel('Store', { exact: true }).inputValue(), 'S'.repeat(80));
  });

  test('a POST from the signed-in page without the CSRF token is refused', async () => {
    // A string, run as is in the page (the test's compiler would add helpers the page lacks).
    const answers = (await page.evaluate(`(async () => {
      const send = async (headers) => {
        const res = await fetch('/fleet/api/enrollment-codes', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ store: 'Store 3', name: 'Counter 3', kind: 'counter' }),
        });
        return { status: res.status, code: (await res.json()).error?.code ?? null };
      };
      const token = (await (await fetch('/fleet/api/csrf')).json()).csrf;
      return {
        none: await send({}),
        forged: await send({ 'x-csrf-token': 'forged' }),
        withToken: await send({ 'x-csrf-token': token }),
      };
    })()`)) as Record<'none' | 'forged' | 'withToken', { status: number; code: string | null }>;
    assert.deepEqual(answers.none, { status: 403, code: 'csrf_invalid' });
    assert.deepEqual(answers.forged, { status: 403, code: 'csrf_invalid' });
    assert.deepEqual(answers.withToken, { status: 200, code: null }, 'the same call with the token works');
  });

  test('share-store refuses a value that is not true or false, and a station that is unknown or revoked', async () => {
    const answers = (await page.evaluate(`(async () => {
      const token = (await (await fetch('/fleet/api/csrf')).json()).csrf;
      const send = async (id, body, headers = { 'x-csrf-token': token }) => {
        const res = await fetch('/fleet/api/stations/' + id + '/share-store', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        return { status: res.status, code: (await res.json()).error?.code ?? null };
      };
      return {
        noToken: await send(${JSON.stringify(counter.id)}, { share: true }, {}),
        notBoolean: await send(${JSON.stringify(counter.id)}, { share: 'yes' }),
        unknown: await send('st_nope', { share: true }),
        revoked: await send(${JSON.stringify(counter.id)}, { share: true }),
      };
    })()`)) as Record<
      'noToken' | 'notBoolean' | 'unknown' | 'revoked',
      { status: number; code: string | null }
    >;
    assert.deepEqual(answers, {
      noToken: { status: 403, code: 'csrf_invalid' },
      notBoolean: { status: 400, code: 'parameter_invalid' },
      unknown: { status: 404, code: 'resource_missing' },
      revoked: { status: 404, code: 'resource_missing' },
    });
  });

  test("a store's sessions come 50 at a time: Show older sessions brings the next ones under them", async () => {
    const paged = await enroll(hub, 'Store P', 'Counter P');
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 55; i++) {
      await db.query(
        `INSERT INTO sessions (id, station_id, store, status, created, updated, checked)
         VALUES ($1, $2, 'Store P', 'verified', $3, $3, $3)`,
        [`vs_pagedFleet${String(i).padStart(2, '0')}`, paged.id, t0 + i * 60_000],
      );
    }
    await page.reload(); // rows written straight into the table: no change was announced
    const section = page.getByRole('region', { name: 'Sessions in Store P' });
    const rows = section.locator('tbody tr');
    await section.getByText('(50 sessions)').waitFor();
    assert.equal(await rows.count(), 50);
    assert.equal(await rows.first().locator('code').textContent(), 'vs_pagedFleet54', 'newest first');
    await section.getByRole('button', { name: 'Show older sessions in Store P' }).click();
    await section.getByText('(55 sessions)').waitFor();
    assert.equal(await rows.last().locator('code').textContent(), 'vs_pagedFleet00');
    assert.equal(await section.getByRole('button', { name: 'Show older sessions in Store P' }).count(), 0);
  });

  test('the page ran under its CSP without an error; signing out ends the session', async () => {
    const [admin] = await page.context().cookies(`${hub.url}/fleet`);
    assert.equal(admin?.name, 'hub_admin');
    assert.equal(admin.httpOnly, true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin password').waitFor();
    const overview = await fetch(`${hub.url}/fleet/api/overview`, {
      headers: { cookie: `hub_admin=${admin.value}` },
    });
    assert.equal(overview.status, 401);
    // Refusals the tests asked for show as failed loads, and so does Chromium's own ask for a
    // /favicon.ico the hub does not have; anything else (a CSP violation, an exception) is a defect.
    assert.deepEqual(
      pageErrors.filter(
        (e) => !/status of 40[013]/.test(e) && !/status of 404.*(\/share-store|\/favicon\.ico)\)$/.test(e),
      ),
      [],
    );
  });
});
