/**
 * The fleet page's Updates view (`/fleet#updates`) in Debian's Chromium against an in-process hub
 * on PGlite: a release uploaded through the page's form (the latest*.yml files, the installers and
 * their blockmaps) and published at a first stage; a build whose installer does not match its
 * metadata refused on the page, in English and in Japanese; the stage changed, paused and resumed
 * from the channel's row; a store moved to beta from its select; rollback asked first. Each store
 * lists its stations' versions from their heartbeats. Screenshots: docs/screenshots/
 * fleet-updates-en.png and fleet-updates-ja.png (versions per store, a rollout in progress).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningHub } from '../../hub/src/server.ts';
import { inStage } from '../../hub/src/updates/rollout.ts';
import { screenshot } from '../support/e2e.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { enroll, type Enrolled } from '../support/hub.ts';
import { buildRelease, bytes, signInAdmin, uploadRelease, type BuiltRelease } from '../support/updates.ts';

/**
 * Left out of the screenshots' comparison: the page's time, and what depends on which stations
 * fall in the 25 % stage (their ids, so the stage, differ every run): the channels' progress (and
 * the action column after it, which its width moves) and the staged store's table.
 */
const UPDATES_PER_RUN = {
  perRun: [
    'main > p.muted[aria-live]',
    'tr[data-channel] td:nth-child(n+5)',
    'table:has(tr[data-channel]) th:nth-child(n+5)',
    'section[data-store="Shibuya"] table',
  ],
};

describe('the fleet page: updates', () => {
  let fleet: FleetBrowser;
  let hub: RunningHub;
  let page: Page;
  let work: string;
  let v110: BuiltRelease;
  let pageErrors: string[] = [];
  const shibuya: Enrolled[] = [];

  const heartbeat = (s: Enrolled, appVersion: string) =>
    fetch(`${hub.url}/hub/v1/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ queued: 0, active: 0, appVersion }),
    });

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'countersign-fleet-updates-'));
    fleet = await startFleetBrowser('en-US', 'UTC', {
      updatesDir: join(work, 'hub-updates'),
      enrollmentsPerMinute: 10_000,
    });
    ({ hub, page, pageErrors } = fleet);
    // Shibuya: enough counters that a 25 % stage holds one and leaves two out.
    while (
      shibuya.filter((s) => inStage(s.id, 25)).length < 1 ||
      shibuya.filter((s) => !inStage(s.id, 25)).length < 2
    ) {
      shibuya.push(await enroll(hub, 'Shibuya', `Counter ${shibuya.length + 1}`, 'counter'));
    }
    const pilot = [
      await enroll(hub, 'Osaka (pilot)', 'Kiosk 1', 'kiosk'),
      await enroll(hub, 'Osaka (pilot)', 'Kiosk 2', 'kiosk'),
    ];
    for (const s of shibuya) assert.equal((await heartbeat(s, '1.0.0')).status, 204);
    await heartbeat(pilot[0]!, '1.2.0-beta.1');
    await heartbeat(pilot[1]!, '1.0.0');
    const admin = await signInAdmin(hub.url, FLEET_ADMIN_PASSWORD);
    await uploadRelease(
      hub.url,
      admin,
      'stable',
      await buildRelease(join(work, 'a'), '1.0.0', bytes(50_000, 1)),
      100,
    );
    await uploadRelease(
      hub.url,
      admin,
      'beta',
      await buildRelease(join(work, 'c'), '1.2.0-beta.1', bytes(50_000, 3)),
      100,
    );
    v110 = await buildRelease(join(work, 'b'), '1.1.0', bytes(50_000, 2));

    await page.goto(`${hub.url}/fleet`);
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Updates' }).click();
    await page.getByRole('heading', { name: 'Channels' }).waitFor();
  });
  after(async () => {
    await fleet?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const files = (r: BuiltRelease, dir = r.dir) =>
    ['latest.yml', 'latest-linux.yml', r.exe, `${r.exe}.blockmap`, r.deb].map((f) => join(dir, f));
  const channelRow = (name: string) => page.locator(`tr[data-channel="${name}"]`);

  test('a build whose installer does not match its metadata is refused on the page', async () => {
    const bad = join(work, 'bad');
    cpSync(v110.dir, bad, { recursive: true });
    writeFileSync(join(bad, v110.exe), bytes(1000, 9));
    await page.getByLabel('Channel', { exact: true }).fill('stable');
    await page.getByLabel('Files').setInputFiles(files(v110, bad));
    await page.getByLabel('First stage (%)').fill('25');
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: `${v110.exe} is 1000 bytes, but latest.yml says` });
    await alert.waitFor();
    assert.equal(await channelRow('stable').locator('td').nth(1).innerText(), '1.0.0', 'nothing published');
  });

  test('a release uploaded through the form is published at its first stage', async () => {
    await page.getByLabel('Files').setInputFiles(files(v110));
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: '1.1.0 is published on stable for 25 % of its stations.' })
      .waitFor();
    const row = channelRow('stable');
    await row.filter({ hasText: 'Offered to 25 % of its stations' }).waitFor();
    assert.deepEqual((await row.locator('td').allInnerTexts()).slice(0, 3), ['stable', '1.1.0', '1.0.0']);
  });

  test('stage, pause and resume from the channel row; a store moved to beta; rollback asks first', async () => {
    const row = channelRow('stable');
    await row.getByLabel('Stage of stable (%)').fill('40');
    await row.getByRole('button', { name: 'Set stage' }).click();
    await channelRow('stable').filter({ hasText: 'Offered to 40 % of its stations' }).waitFor();
    await channelRow('stable').getByRole('button', { name: 'Pause' }).click();
    await channelRow('stable').filter({ hasText: 'Paused: no station starts it' }).waitFor();
    await channelRow('stable').getByRole('button', { name: 'Resume' }).click();
    await channelRow('stable').filter({ hasText: 'Offered to 40 % of its stations' }).waitFor();
    // Back to a 25 % stage for the picture.
    await channelRow('stable').getByLabel('Stage of stable (%)').fill('25');
    await channelRow('stable').getByRole('button', { name: 'Set stage' }).click();
    await channelRow('stable').filter({ hasText: 'Offered to 25 % of its stations' }).waitFor();

    await page.getByLabel('Channel of Osaka (pilot)').selectOption('beta');
    await page.locator('section[data-store="Osaka (pilot)"]').filter({ hasText: 'up to date' }).waitFor();

    await channelRow('stable').getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Roll back from 1.1.0 to 1.0.0 on every station of the channel?').waitFor();
    await channelRow('stable').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await channelRow('stable').locator('td').nth(1).innerText(), '1.1.0');
  });

  test('versions per store and the rollout in progress, in English and in Japanese', async () => {
    // The stations in the stage have updated and said so in their heartbeat.
    for (const s of shibuya) if (inStage(s.id, 25)) await heartbeat(s, '1.1.0');
    await page.reload();
    const store = page.locator('section[data-store="Shibuya"]');
    await store.filter({ hasText: 'up to date' }).waitFor();
    const n = shibuya.filter((s) => inStage(s.id, 25)).length;
    await channelRow('stable')
      .filter({ hasText: `${n} of ${shibuya.length} on 1.1.0` })
      .waitFor();
    assert.equal(
      await store.locator('tr[data-station-id]').filter({ hasText: 'not yet' }).count(),
      shibuya.length - n,
    );
    await screenshot(page, 'fleet-updates-en', UPDATES_PER_RUN);

    await page.locator('header').getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { name: 'チャネル' }).waitFor();
    await channelRow('stable').filter({ hasText: '端末の25%に配信中' }).waitFor();
    await channelRow('stable')
      .filter({ hasText: `${shibuya.length}台中${n}台が1.1.0` })
      .waitFor();
    assert.ok(await page.getByLabel('Osaka (pilot)のチャネル').isVisible());
    await screenshot(page, 'fleet-updates-ja', UPDATES_PER_RUN);

    // A refusal in Japanese: a build that does not match its metadata.
    const bad = join(work, 'bad-ja');
    cpSync(v110.dir, bad, { recursive: true });
    for (const f of ['latest.yml', 'latest-linux.yml']) {
      const text = readFileSync(join(bad, f), 'utf8').replaceAll('1.1.0', '1.1.1');
      writeFileSync(join(bad, f), text);
    }
    await page
      .getByLabel('ファイル')
      .setInputFiles(
        ['latest.yml', 'latest-linux.yml', 'Countersign-Setup-1.1.0.exe'].map((f) => join(bad, f)),
      );
    await page.getByRole('button', { name: 'アップロードして公開' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: '選ばれていないファイルがあります：Countersign-Setup-1.1.1.exe' })
      .waitFor();
    // No script error under the CSP (the refused upload's 400 and the favicon's 404 are the
    // browser noting answers, not errors of the page).
    assert.deepEqual(
      pageErrors.filter((e) => !e.startsWith('Failed to load resource')),
      [],
    );
  });
});
