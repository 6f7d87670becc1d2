/**
 * The fleet's picture in Chromium, on a seeded fleet (four stores, thousands of sessions over
 * 30 days, every failure code, checks by staff) with the hub's and the browser's clocks fixed: the dashboard's
 * table shows the same counts as the sessions table holds; its charts are drawn; alerts are on
 * the page; axe finds nothing critical, serious or moderate in English or Japanese; the
 * screenshots docs/screenshots/fleet-dashboard-en.png and -ja.png are made here. Then the page is
 * live: a help call and a new session show up without a reload; the session list searches,
 * pages and links its CSV, and lists the checks by staff as their own outcome; the alert settings are saved from the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { axeScreen, blocking } from '../support/axe.ts';
import { screenshot } from '../support/e2e.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { SEED_STORES, seedFleet } from '../support/fleet-seed.ts';
import { connectWebhooks, createSession, enroll, type Enrolled } from '../support/hub.ts';

const LAST_DAY = Date.UTC(2026, 10, 30);
const NOW = LAST_DAY + 15 * 3600_000; // 30 Nov 2026, 15:00 UTC

describe('the fleet dashboard in Chromium', () => {
  let fleet: FleetBrowser;
  let hub: RunningHub;
  let db: Db;
  let page: Page;
  let kiosk: Enrolled;
  const now = NOW;

  before(async () => {
    fleet = await startFleetBrowser('en-US', 'UTC', { now: () => now });
    ({ hub, db, page } = fleet);
    await connectWebhooks(fleet.sim, hub);
    await seedFleet(db, LAST_DAY);
    // Seeded sessions are not at the simulator: checked now, so the overdue poller leaves them be
    // (with the hub's clock fixed, its Stripe rate limit would never refill after trying them).
    await db.query('UPDATE sessions SET checked = $1', [NOW]);
    // Every seeded station heard from just now but one; one kiosk's customer waits for help.
    await db.query(`UPDATE stations SET last_seen = $1, queued = 0`, [NOW - 20_000]);
    await db.query(`UPDATE stations SET last_seen = $1 WHERE id = 'st_seedSapporokiosk'`, [
      NOW - 45 * 60_000,
    ]);
    await db.query(
      `UPDATE stations SET queued = 2, last_error_code = 'api_connection_error', last_error_at = $1
        WHERE id = 'st_seedUmedacounter'`,
      [NOW - 600_000],
    );
    await db.query(
      `INSERT INTO help_calls (station_id, id, at, received) VALUES ('st_seedShibuyakiosk', 'c1', $1, $1)`,
      [NOW - 12 * 60_000],
    );
    await db.query(
      `INSERT INTO alert_settings (id, offline_minutes, help_minutes, failure_rate_percent, updated)
       VALUES (1, 15, 10, 25, $1)`,
      [NOW],
    );
    await hub.alerts.tick();
    await page.clock.setFixedTime(new Date(NOW));
    await page.setViewportSize({ width: 1280, height: 1700 });
  });
  after(async () => {
    await fleet?.close();
  });

  const axe = async (language: string) => {
    const finding = await axeScreen(page, 'fleet dashboard', language);
    console.log(`axe fleet dashboard (${language}): ${JSON.stringify(finding.counts)}`);
    assert.deepEqual(blocking(finding), [], `fleet dashboard (${language})`);
  };
  const chartsDrawn = () => page.locator('.chart canvas').nth(1).waitFor();

  test('the dashboard’s table equals the sessions table; charts and alerts are on the page', async () => {
    await page.goto(`${hub.url}/fleet`);
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const table = page.locator('table.counts').first();
    await table.waitFor();
    const counted = await db.query<{
      store: string;
      n: number;
      verified: number;
      accepted: number;
      not_accepted: number;
    }>(
      `SELECT store, count(*)::int AS n, count(*) FILTER (WHERE status = 'verified')::int AS verified,
              (SELECT count(*) FROM manual_checks m WHERE m.store = s.store AND m.at >= $1
                  AND m.outcome = 'accepted')::int AS accepted,
              (SELECT count(*) FROM manual_checks m WHERE m.store = s.store AND m.at >= $1
                  AND m.outcome = 'not_accepted')::int AS not_accepted
         FROM sessions s WHERE created >= $1 GROUP BY store ORDER BY store`,
      [LAST_DAY - 29 * 86_400_000],
    );
    for (const c of counted) {
      const cells = await table
        .locator('tr', { has: page.getByRole('rowheader', { name: c.store, exact: true }) })
        .locator('td')
        .allInnerTexts();
      assert.equal(cells[0], c.n.toLocaleString('en-US'), `${c.store}: started`);
      assert.equal(cells[1], c.verified.toLocaleString('en-US'), `${c.store}: verified`);
      // Checks by staff: their own columns, after the sessions' outcomes.
      assert.ok(c.accepted > 0, c.store);
      assert.equal(cells[6], c.accepted.toLocaleString('en-US'), `${c.store}: checked by staff, accepted`);
      assert.equal(cells[7], c.not_accepted.toLocaleString('en-US'), `${c.store}: not accepted`);
    }
    assert.deepEqual(
      counted.map((c) => c.store),
      [...SEED_STORES],
    );
    await chartsDrawn();
    assert.equal(await page.getByRole('img', { name: /Verifications per day in All stores/ }).count(), 1);
    assert.equal(await page.getByRole('rowheader', { name: /Selfie did not match the document/ }).count(), 1);
    const alerts = page.locator('.alert-open');
    await page.getByText('Station offline in opening hours').first().waitFor();
    assert.ok((await alerts.count()) >= 2, 'offline and help alerts');
    await page.getByText('Help call unanswered').first().waitFor();
    await axe('en');
    await screenshot(page, 'fleet-dashboard-en');
  });

  test('in Japanese: the same page, words and reasons in Japanese', async () => {
    await page.locator('header').getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { name: '本人確認の状況' }).waitFor();
    await page.getByRole('rowheader', { name: /自撮り写真と書類の顔写真が不一致/ }).waitFor();
    await chartsDrawn();
    await axe('ja');
    await screenshot(page, 'fleet-dashboard-ja');
    await page.getByLabel('表示言語').selectOption('en');
    await page.getByRole('heading', { name: 'Verifications' }).waitFor();
  });

  test('live: a help call and a new session appear without a reload', async () => {
    kiosk = await enroll(hub, 'Shibuya', 'Kiosk 2', 'kiosk');
    const row = page.locator('tr[data-station-id]', { hasText: 'Kiosk 2' });
    await row.waitFor();
    const call = await fetch(`${hub.url}/hub/v1/help-calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'live-1', at: NOW }),
    });
    assert.equal(call.status, 201);
    await row.getByText(/Help requested/).waitFor();
    // The simulator dates the session by its own clock (today), so the list of the store's latest
    // sessions shows it, announced by the hub when it was created.
    const created = await createSession(kiosk.sdk(hub), 'ref-live-1');
    await page
      .getByRole('region', { name: 'Sessions in Shibuya' })
      .locator('code', { hasText: created.id })
      .waitFor();
  });

  test('the session list: search, pages, CSV link', async () => {
    const list = page.getByRole('region', { name: 'Find sessions' });
    await list.getByLabel('In store').selectOption('Umeda');
    await list.getByLabel('Outcome').selectOption('failed');
    await list.getByRole('button', { name: 'Search' }).click();
    const [{ n }] = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions WHERE store = 'Umeda' AND status = 'requires_input'
          AND last_error_code IS NOT NULL AND last_error_code NOT IN ('abandoned', 'consent_declined')`,
    )) as [{ n: number }];
    await list.getByText(`${n.toLocaleString('en-US')} matching · Page 1 of ${Math.ceil(n / 25)}`).waitFor();
    await list.getByRole('button', { name: 'Next page' }).click();
    await list.getByText(/Page 2 of/).waitFor();
    const href = await list.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.equal(href, '/fleet/api/stores/Umeda/sessions.csv?outcome=failed&lang=en');
    const csv = await page.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.text())`);
    assert.equal(String(csv).trim().split('\r\n').length, n + 1, 'a header and every matching session');

    // Checks by staff: their own outcome, with who checked, never a session id.
    await list.getByLabel('Outcome').selectOption('Checked by staff');
    await list.getByRole('button', { name: 'Search' }).click();
    const [{ checks }] = (await db.query<{ checks: number }>(
      `SELECT count(*)::int AS checks FROM manual_checks WHERE store = 'Umeda'`,
    )) as [{ checks: number }];
    await list.getByText(`${checks.toLocaleString('en-US')} matching · Page 1 of`).waitFor();
    const rows = list.locator('tbody tr');
    assert.equal(await rows.count(), 25);
    for (const cells of await Promise.all((await rows.all()).map((r) => r.locator('td').allInnerTexts()))) {
      assert.equal(cells[0], '—', 'no Stripe session');
      assert.match(cells[2]!, /^Checked by staff · (Accepted|Not accepted)$/);
      assert.equal(cells[5], 'Mika Sato');
    }
  });

  test('alert settings: saved from the page; a bad URL is refused in the page’s words', async () => {
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await alerts.getByText('Alert settings', { exact: true }).click();
    await alerts.getByLabel(/^Alert URL/).fill('http://example.com/hook');
    await alerts.getByRole('button', { name: 'Save alert settings' }).click();
    await alerts.getByRole('alert').filter({ hasText: 'Check the alert settings' }).waitFor();
    await alerts.getByLabel(/^Alert URL/).fill('https://alerts.example.com/countersign');
    await alerts.getByLabel(/^Help call unanswered/).fill('7');
    await alerts.getByRole('button', { name: 'Save alert settings' }).click();
    await alerts.getByRole('status').filter({ hasText: 'Alert settings saved.' }).waitFor();
    const secret = await alerts.getByLabel(/^Signing secret/).inputValue();
    assert.match(secret, /^cs_alert_/, 'the hub made a signing secret');
    const [stored] = await db.query<{ help_minutes: number; url: string }>(
      'SELECT help_minutes, url FROM alert_settings',
    );
    assert.deepEqual(stored, { help_minutes: 7, url: 'https://alerts.example.com/countersign' });
  });

  test('no console error under the CSP', () => {
    assert.deepEqual(
      fleet.pageErrors.filter((e) => !/status of 400/.test(e) && !/favicon\.ico/.test(e)),
      [],
    );
  });
});
