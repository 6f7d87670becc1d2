/**
 * A kiosk's call for help on the fleet page, in Debian's Chromium against an in-process hub on
 * PGlite: the kiosk reports a call with its token, the page shows it on that station's row (and
 * on no other) with its time, in English and in Japanese, and **Acknowledge** clears it — the
 * database holds the acknowledgement. axe finds nothing critical, serious or moderate on the page
 * with the call shown, in either language; no console error under the page's CSP. (That a call made
 * after the page loaded stays open is help-calls.test.ts's, at the API.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { axeScreen, blocking } from '../support/axe.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { enroll, type Enrolled } from '../support/hub.ts';

/** 13:05 UTC, when the customer pressed "Need help?" (the station's clock). */
const PRESSED = Date.UTC(2026, 11, 1, 13, 5, 30);

describe('help calls on the fleet page (Chromium)', () => {
  let hub: RunningHub;
  let db: Db;
  let fleet: FleetBrowser;
  let page: Page;
  let kiosk: Enrolled;
  let pageErrors: string[] = [];

  before(async () => {
    fleet = await startFleetBrowser('en-US');
    ({ hub, db, page, pageErrors } = fleet);
    kiosk = await enroll(hub, 'Store 1', 'Kiosk 1', 'kiosk');
    await enroll(hub, 'Store 1', 'Counter 1');
  });
  after(async () => {
    await fleet?.close();
  });

  const report = async (id: string, at: number) => {
    const res = await fetch(`${hub.url}/hub/v1/help-calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
      body: JSON.stringify({ id, at }),
    });
    assert.equal(res.status, 201);
  };
  const axe = async (language: string) => {
    const finding = await axeScreen(page, 'fleet page with a call for help', language);
    assert.deepEqual(blocking(finding), [], `${language}: nothing critical, serious or moderate`);
  };
  const row = (name: string) => page.locator('tr[data-station-id]', { hasText: name });

  test('the call shows on the kiosk’s row; Acknowledge clears it', async () => {
    await report('help_one', PRESSED);
    await page.goto(`${hub.url}/fleet`);
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const kioskRow = row('Kiosk 1');
    await kioskRow.getByText('Help requested 13:05 UTC').waitFor();
    assert.equal(await kioskRow.getAttribute('class'), 'help-open', 'the whole row stands out');
    assert.equal(await row('Counter 1').getAttribute('class'), null, 'no call on the counter');
    assert.equal(
      await row('Counter 1')
        .getByRole('button', { name: /Acknowledge/ })
        .count(),
      0,
    );

    // In Japanese, the same call in the page's words.
    await page.locator('header').getByLabel('Language').selectOption('ja');
    await kioskRow.getByText('スタッフの呼び出し：13:05 UTC').waitFor();
    assert.equal(await kioskRow.getByRole('button', { name: /確認済みにする/ }).count(), 1);
    await axe('ja');
    await page.getByLabel('表示言語').selectOption('en');

    await kioskRow.getByRole('button', { name: 'Acknowledge the call for help at Kiosk 1' }).click();
    await kioskRow.getByText('Help requested').waitFor({ state: 'detached' });
    const stored = await db.query<{ id: string; acknowledged_at: unknown }>(
      'SELECT id, acknowledged_at FROM help_calls WHERE station_id = $1',
      [kiosk.id],
    );
    assert.deepEqual(
      stored.map((r) => [r.id, r.acknowledged_at !== null]),
      [['help_one', true]],
      'the hub holds the acknowledgement',
    );
    assert.equal(await kioskRow.getAttribute('class'), null);
    // Chromium's own ask for a /favicon.ico the hub does not have is no defect; anything else is.
    assert.deepEqual(
      pageErrors.filter((e) => !/status of 404.*\/favicon\.ico\)$/.test(e)),
      [],
      'no console error under the CSP',
    );
  });
});
