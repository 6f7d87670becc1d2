/**
 * A person's deletion request on the fleet page, in Debian's Chromium against an in-process hub
 * on PGlite with the simulator as Stripe (issue 18): **Redact one session** checks the id, asks
 * for a confirmation (Cancel sends nothing), and on Yes the session is redacted at Stripe once
 * and listed under Redactions at Stripe as a request. axe finds nothing critical, serious or
 * moderate with the confirmation open, in English and in Japanese.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { axeScreen, blocking } from '../support/axe.ts';
import { FLEET_ADMIN_PASSWORD, startFleetBrowser, type FleetBrowser } from '../support/fleet-browser.ts';
import { createSession, enroll, sdkFor } from '../support/hub.ts';

const REDACT = 'POST /v1/identity/verification_sessions/:id/redact';

describe('redacting one session from the fleet page (Chromium)', () => {
  let hub: RunningHub;
  let sim: RunningSimulator;
  let fleet: FleetBrowser;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    fleet = await startFleetBrowser('en-US');
    ({ hub, sim, page, pageErrors } = fleet);
  });
  after(async () => {
    await fleet?.close();
  });

  test('checked, confirmed (Cancel sends nothing), redacted once and listed', async () => {
    const station = await enroll(hub, 'Store 1', 'Counter 1');
    const session = await createSession(station.sdk(hub), 'deletion-1');
    await page.goto(`${hub.url}/fleet`);
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const section = page.getByTestId('redactions');
    await section.getByText('No redaction yet.').waitFor();

    await section.getByLabel('Session id (vs_…)').fill('nonsense');
    await section.getByRole('button', { name: 'Redact one session' }).click();
    await section
      .getByRole('alert')
      .filter({ hasText: 'Enter a session id that starts with vs_.' })
      .waitFor();

    await section.getByLabel('Session id (vs_…)').fill(session.id);
    await section.getByRole('button', { name: 'Redact one session' }).click();
    const dialog = section.getByRole('alertdialog', { name: `Redact ${session.id} at Stripe?` });
    await dialog.waitFor();
    const languageSwitch = page.locator('header select');
    for (const language of ['en', 'ja'] as const) {
      await languageSwitch.selectOption(language);
      await page.locator(`html[lang="${language}"]`).waitFor();
      const finding = await axeScreen(page, 'fleet page asking to redact a session', language);
      assert.deepEqual(blocking(finding), [], `${language}: nothing critical, serious or moderate`);
    }
    await languageSwitch.selectOption('en');
    await page.locator('html[lang="en"]').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(sim.stats().byRoute[REDACT] ?? 0, 0, 'Cancel sends nothing');

    await section.getByRole('button', { name: 'Redact one session' }).click();
    await dialog.getByRole('button', { name: `Yes, redact ${session.id}` }).click();
    await section
      .getByRole('status')
      .filter({ hasText: `${session.id} is redacted at Stripe.` })
      .waitFor();
    const row = section.locator(`tr[data-session-id="${session.id}"]`);
    assert.equal(await row.getAttribute('data-result'), 'redacted');
    assert.match(await row.innerText(), /Request/);
    assert.equal(sim.stats().byRoute[REDACT], 1, 'once');
    const atStripe = await sdkFor(sim.url, sim.secretKey).identity.verificationSessions.retrieve(session.id);
    assert.notEqual(atStripe.redaction, null);
    assert.deepEqual(
      pageErrors.filter((e) => !e.includes('favicon.ico')),
      [],
    );
  });
});
