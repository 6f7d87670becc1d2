/**
 * Staff members from the fleet page to a station, end to end in Chromium (issue 19, item 1): the
 * real hub (PGlite) with its fleet page, and a station's core behind the harness with its staff
 * console. The admin adds a manager and a clerk to the station's store on the fleet page; the
 * station's sign-in lists them at once, the clerk's PIN set on the hub signs the clerk in, and a
 * manager-only call is refused for the clerk. Settings shows the members read-only, managed by
 * the hub. The last manager's removal is refused on the page, in its words; a removal asks first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { memoryKeychain } from '../harness/keychain.ts';
import { fleetForTests } from '../support/build-fleet.ts';
import { FLEET_ADMIN_PASSWORD, fleetPageBeside } from '../support/fleet-browser.ts';
import { openStage, type Stage } from '../support/e2e.ts';
import { startStationHub, type TestHub } from '../support/test-hub.ts';

describe('e2e: staff members from the fleet page to a station', () => {
  let th: TestHub;
  let stage: Stage;
  let fleet: Page;
  before(async () => {
    th = await startStationHub({
      hub: { fleetDir: await fleetForTests(), adminPassword: FLEET_ADMIN_PASSWORD },
    });
    stage = await openStage({
      keychain: memoryKeychain(),
      hubLink: { stream: { backoff: { baseMs: 50, maxMs: 300 } } },
    });
    // A refusal this test asks for (409: the last manager) is no page error: the page words it.
    fleet = await fleetPageBeside(
      stage,
      (text, url) => /\/fleet\/api\/staff/.test(url) && /status of 409/.test(text),
    );
  });
  after(async () => {
    await stage?.close();
    await th?.close();
  });

  const section = () => fleet.getByTestId('staff');
  async function addOnFleetPage(name: string, role: 'Clerk' | 'Manager', pin: string) {
    const form = section().getByRole('form', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Role').selectOption({ label: role });
    await form.getByLabel('PIN (4–8 digits)').fill(pin);
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await section()
      .getByRole('status')
      .filter({ hasText: `${name} was added.` })
      .waitFor();
  }

  it('a clerk added on the fleet page signs in at the station with the PIN set there, and cannot do a manager’s work', async () => {
    const { staff, harness } = stage;
    await staff.getByTestId('tab-settings').click();
    await staff.getByLabel('Hub address').fill(th.url);
    await staff.getByLabel('Enrollment code').fill(await th.code('Till 1', 'Ginza'));
    await staff.getByTestId('hub-connect').click();
    await staff.getByTestId('hub-connected').waitFor();

    await fleet.goto(`${th.hub.url}/fleet`);
    await fleet.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await fleet.getByRole('button', { name: 'Sign in' }).click();
    await section().getByLabel('Staff of the store').selectOption('Ginza');
    await section().getByText('This store has no staff on the hub.').waitFor();

    // A clerk first is refused, in the page's words: a store's first member is a manager.
    await section().getByRole('form', { name: 'Add a staff member' }).getByLabel('Name').fill('Ken Mori');
    await section()
      .getByRole('form', { name: 'Add a staff member' })
      .getByLabel('Role')
      .selectOption({ label: 'Clerk' });
    await section()
      .getByRole('form', { name: 'Add a staff member' })
      .getByLabel('PIN (4–8 digits)')
      .fill('7395');
    await section().getByRole('button', { name: 'Add staff member' }).click();
    await section().getByRole('alert').filter({ hasText: 'first staff member is a manager' }).waitFor();

    await addOnFleetPage('Mika Sato', 'Manager', '4826');
    await addOnFleetPage('Ken Mori', 'Clerk', '7395');
    await section().locator('tr[data-member="Ken Mori"]').getByText('Clerk').waitFor();

    // The station's sign-in lists them (pushed over its stream), and Settings shows them read-only.
    await staff.getByTestId('signin-member').filter({ hasText: 'Ken Mori' }).waitFor({ timeout: 5000 });
    await staff.getByTestId('staff-managed').waitFor();
    assert.equal(await staff.getByTestId('staff-add').count(), 0, 'no adding at the station');
    assert.equal(await staff.getByTestId('staff-enable').count(), 0, 'sign-in is the hub’s');
    assert.match(await staff.getByTestId('staff-members').innerText(), /Ken Mori \(Clerk\)/);

    await staff.getByTestId('signin-member').filter({ hasText: 'Ken Mori' }).click();
    await staff.getByTestId('signin-pin').fill('7395');
    await staff.getByTestId('signin-submit').click();
    await staff.getByTestId('signed-in').filter({ hasText: 'Ken Mori' }).waitFor();
    // A manager-only call is refused for the clerk, whatever a page might send.
    await assert.rejects(
      harness.core.handlers['settings.update']({ maxAttempts: 4 }, { window: 'staff' }),
      (e: { code?: string }) => e.code === 'not_permitted',
    );
    assert.deepEqual(stage.pageErrors, []);
  });

  it('the last manager stays; a removal asks first, and the removed clerk is signed out at the station', async () => {
    const { staff } = stage;
    const mika = section().locator('tr[data-member="Mika Sato"]');
    await mika.getByRole('button', { name: 'Remove Mika Sato' }).click();
    await section().getByRole('alertdialog').getByRole('button', { name: 'Remove Mika Sato' }).click();
    await section().getByRole('alert').filter({ hasText: 'last manager' }).waitFor();

    await section()
      .locator('tr[data-member="Ken Mori"]')
      .getByRole('button', { name: 'Remove Ken Mori' })
      .click();
    const ask = section().getByRole('alertdialog', { name: 'Remove Ken Mori from this store’s staff?' });
    await ask.getByRole('button', { name: 'Remove Ken Mori' }).click();
    await section().getByRole('status').filter({ hasText: 'Ken Mori was removed.' }).waitFor();
    await staff.getByTestId('staff-signin').getByText('Nobody is signed in').waitFor({ timeout: 5000 });
    assert.equal(await staff.getByTestId('signin-member').filter({ hasText: 'Ken Mori' }).count(), 0);
    assert.deepEqual(stage.pageErrors, []);
  });
});
