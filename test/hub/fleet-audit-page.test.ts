/**
 * The stations' audit trails on the fleet page, in Debian's Chromium against an in-process hub on
 * PGlite: the Audit trail section lists what two stations uploaded, newest first, 50 rows a page
 * with the total and previous/next; a search by person and one by store narrow it; axe finds
 * nothing critical, serious or moderate with rows shown, in English and in Japanese.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AuditEntry } from '../../contract/staff.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { openAuditLog } from '../../main/core/audit/index.ts';
import { MemoryStore } from '../../main/core/storage/index.ts';
import { axeScreen, blocking } from '../support/axe.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { enroll, type Enrolled } from '../support/hub.ts';

function trail(count: number, station: string, person: (i: number) => string): AuditEntry[] {
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);
  const log = openAuditLog({
    store: new MemoryStore(),
    headStore: new MemoryStore(),
    clock: { now: () => (now += 1000) },
    station,
  });
  for (let i = 0; i < count; i += 1) {
    log.append({
      actor: { id: 'st_abcdefgh12', name: person(i), role: 'clerk' },
      action: 'sessions.create',
      outcome: i % 5 ? 'ok' : 'refused',
      sessionId: null,
      reference: `Order ${i}`,
      reason: null,
      note: null,
      detail: null,
    });
  }
  return log.all();
}

describe('audit trails on the fleet page (Chromium)', () => {
  let hub: RunningHub;
  let fleet: FleetBrowser;
  let page: Page;

  before(async () => {
    fleet = await startFleetBrowser('en-US');
    ({ hub, page } = fleet);
  });
  after(async () => {
    await fleet?.close();
  });

  const upload = async (station: Enrolled, entries: AuditEntry[]) => {
    for (let i = 0; i < entries.length; i += 50) {
      const res = await fetch(`${hub.url}/hub/v1/audit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${station.token}` },
        body: JSON.stringify({ entries: entries.slice(i, i + 50) }),
      });
      assert.equal(res.status, 200);
    }
  };

  test('listed in pages, searched by person and store, axe clean in both languages', async () => {
    const a = await enroll(hub, 'Store 1', 'Counter 1');
    const b = await enroll(hub, 'Store 2', 'Counter 2');
    await upload(
      a,
      trail(60, 'Counter 1', (i) => (i % 2 ? 'Mika Sato' : 'Ken Ito')),
    );
    await upload(
      b,
      trail(3, 'Counter 2', () => 'Yui Tanaka'),
    );
    await page.goto(`${hub.url}/fleet`);
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const section = page.getByTestId('audit');
    await section.getByText('63 entries').waitFor();
    assert.equal(await section.locator('tbody tr').count(), 50);
    await section.getByText('Page 1 of 2').waitFor();

    const languageSwitch = page.locator('header select');
    for (const language of ['en', 'ja'] as const) {
      await languageSwitch.selectOption(language);
      await page.locator(`html[lang="${language}"]`).waitFor();
      const finding = await axeScreen(page, 'fleet page with the audit trail', language);
      assert.deepEqual(blocking(finding), [], `${language}: nothing critical, serious or moderate`);
    }
    await section.getByText('63件').waitFor();
    await languageSwitch.selectOption('en');
    await page.locator('html[lang="en"]').waitFor();

    await section.getByRole('button', { name: 'Next page' }).click();
    await section.getByText('Page 2 of 2').waitFor();
    assert.equal(await section.locator('tbody tr').count(), 13);

    await section.getByLabel('Staff (name or ID)').fill('yui');
    await section.getByRole('button', { name: 'Search' }).click();
    await section.getByText('3 entries').waitFor();
    const staff = await section.locator('tbody tr td:nth-child(4)').allInnerTexts();
    assert.deepEqual(staff, ['Yui Tanaka', 'Yui Tanaka', 'Yui Tanaka']);

    await section.getByLabel('Staff (name or ID)').fill('');
    await section.getByLabel('Store').selectOption('Store 1');
    await section.getByRole('button', { name: 'Search' }).click();
    await section.getByText('60 entries').waitFor();
    const stores = new Set(await section.locator('tbody tr td:nth-child(2)').allInnerTexts());
    assert.deepEqual([...stores], ['Store 1']);
  });
});
