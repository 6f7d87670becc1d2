/**
 * The stations' audit trails on the fleet page, in Debian's Chromium against an in-process hub on
 * PGlite: the Audit trail section lists what two stations uploaded, newest first, 50 rows a page
 * with the total and previous/next; a search by person and one by store narrow it; axe finds
 * nothing critical, serious or moderate with rows shown, in English and in Japanese. One entry's
 * detail opens from its row with the keyboard, shows its fields and the hub's check of its chain
 * (linked, then broken after a row is changed in the database), closes with Escape or Close and
 * gives the focus back to the row's button, axe clean open, in both languages; the broken one is
 * docs/screenshots/fleet-audit-entry-en.png and -ja.png (the dialog's content only).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AuditEntry } from '../../contract/staff.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { openAuditLog } from '../../main/core/audit/index.ts';
import { MemoryStore } from '../../main/core/storage/index.ts';
import { axeScreen, blocking } from '../support/axe.ts';
import { screenshot } from '../support/e2e.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { enroll, type Enrolled } from '../support/hub.ts';

/** The open detail's content, inside the dialog's padding: the page behind it is not in the screenshot. */
const DIALOG_CONTENT = '[data-testid="audit-detail"] > div';

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
    // A fixed clock: the time the hub received an entry is shown in its detail's screenshot.
    fleet = await startFleetBrowser('en-US', 'UTC', { now: () => Date.UTC(2026, 11, 1, 10, 0, 0) });
    ({ hub, page } = fleet);
  });
  after(async () => {
    await fleet?.close();
  });

  /** The fleet page, signed in (the hub serves the sign-in form at /fleet until one is). */
  const signIn = async () => {
    await page.goto(`${hub.url}/fleet`);
    if ((await page.getByLabel('Admin password').count()) === 0) return;
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

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
    await signIn();
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

  test('one entry’s detail: opened with the keyboard, its fields and its chain, focus back on close', async () => {
    const c = await enroll(hub, 'Store 3', 'Counter 3');
    await upload(
      c,
      trail(3, 'Counter 3', () => 'Aoi Mori'),
    );
    await signIn();
    const section = page.getByTestId('audit');
    await section.getByLabel('Store').selectOption('Store 3');
    await section.getByRole('button', { name: 'Search' }).click();
    await section.getByText('3 entries').waitFor();
    // Newest first: entry 3, then 2. Tab from the first row's button to the second's.
    await section.getByRole('button', { name: 'Show entry 3 at Counter 3' }).focus();
    await page.keyboard.press('Tab');
    const opener = section.getByRole('button', { name: 'Show entry 2 at Counter 3' });
    assert.ok(
      await opener.evaluate((b) => b === b.ownerDocument.activeElement),
      'the next row’s button has the focus',
    );
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'Entry 2 at Counter 3' });
    await dialog.waitFor();
    const chain = dialog.getByTestId('audit-chain');
    await chain.getByText('Linked to the entry before.').waitFor();
    const field = (label: string) =>
      dialog.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
    assert.equal(await field('Store').innerText(), 'Store 3');
    assert.equal(await field('Staff').first().innerText(), 'Aoi Mori');
    assert.equal(await field('Role').innerText(), 'Staff');
    assert.equal(await field('Reference').innerText(), 'Order 1');
    assert.equal(await field('When').innerText(), 'Dec 1, 2026, 09:00:03 UTC');
    assert.equal(await field('Outcome').innerText(), 'Done (ok)');
    assert.match(await field('Hash of the entry before').innerText(), /^[0-9a-f]{64}$/);
    assert.deepEqual(
      await chain.locator('dd').evaluateAll((dds) => dds.map((d) => d.getAttribute('data-state'))),
      ['right', 'linked', 'linked'],
    );
    const open = await axeScreen(page, 'an audit entry’s detail', 'en');
    assert.deepEqual(blocking(open), [], 'en: nothing critical, serious or moderate');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.ok(
      await opener.evaluate((b) => b === b.ownerDocument.activeElement),
      'Escape gives the focus back to the row',
    );

    // Entry 2 changed in the database: its own hash is wrong, its link to entry 3 broken.
    await fleet.db.query(`UPDATE audit_entries SET reference = 'Order 9' WHERE station_id = $1 AND seq = 2`, [
      c.id,
    ]);
    await page.keyboard.press('Enter');
    await chain.getByText('Wrong: the entry was changed after it was written.').waitFor();
    await chain.getByText('Linked to the entry before.').waitFor();
    await chain
      .getByText('The entry after does not link back to this one: an entry was changed or removed.')
      .waitFor();
    assert.equal(await field('Reference').innerText(), 'Order 9');
    assert.deepEqual(
      await chain.locator('dd').evaluateAll((dds) => dds.map((d) => d.getAttribute('data-state'))),
      ['wrong', 'linked', 'not_linked'],
    );
    await screenshot(page, 'fleet-audit-entry-en', { of: DIALOG_CONTENT });
    // Close has the focus when the dialog opens: Enter presses it.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.ok(
      await opener.evaluate((b) => b === b.ownerDocument.activeElement),
      'Close gives the focus back to the row',
    );

    await page.locator('header select').selectOption('ja');
    await page.locator('html[lang="ja"]').waitFor();
    const openerJa = section.getByRole('button', { name: 'Counter 3の記録2を表示' });
    assert.ok(
      await openerJa.evaluate((b) => b === b.ownerDocument.activeElement),
      'the focus stays on the row',
    );
    await page.keyboard.press('Enter');
    const dialogJa = page.getByRole('dialog', { name: 'Counter 3の記録2' });
    await dialogJa.getByText('一致しません：記録が書き込まれた後に変更されています。').waitFor();
    await dialogJa.getByText('前の記録とつながっています。').waitFor();
    await dialogJa
      .getByText('次の記録がこの記録と一致しません：記録が変更または削除されています。')
      .waitFor();
    assert.equal(
      await dialogJa
        .locator('dt', { hasText: '受付番号' })
        .locator('xpath=following-sibling::dd[1]')
        .innerText(),
      'Order 9',
    );
    const openJa = await axeScreen(page, 'an audit entry’s detail', 'ja');
    assert.deepEqual(blocking(openJa), [], 'ja: nothing critical, serious or moderate');
    await screenshot(page, 'fleet-audit-entry-ja', { of: DIALOG_CONTENT });
    await page.keyboard.press('Escape');
    await dialogJa.waitFor({ state: 'hidden' });
    assert.ok(
      await openerJa.evaluate((b) => b === b.ownerDocument.activeElement),
      'Escape gives the focus back to the row',
    );
    await page.locator('header select').selectOption('en');
    assert.deepEqual(
      fleet.pageErrors.filter((e) => !/status of 404.*\/favicon\.ico\)$/.test(e)),
      [],
      'no page or console error',
    );
  });
});
