/**
 * Staff sign-in and roles, end to end in Chromium through the harness: a manager and two clerks
 * added in Settings, sign-in turned on; a clerk runs a verification but is offered neither the
 * reveal nor the redaction (and main refuses them all the same); a second clerk switches in with
 * one tap and their PIN; the manager reveals with a reason, sees their name beside the data, and
 * redacts; both actions are in the audit view under the manager's name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  completeHostedFlow,
  openStage,
  row,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

async function addMember(staff: Page, name: string, role: 'clerk' | 'manager', pin: string) {
  await staff.getByTestId('staff-name').fill(name);
  await staff.getByTestId('staff-role').selectOption(role);
  await staff.getByTestId('staff-pin').fill(pin);
  await staff.getByTestId('staff-add').click();
  await staff.getByTestId('staff-members').getByText(name).waitFor();
}

async function signIn(staff: Page, name: string, pin: string) {
  await staff.getByTestId('signin-member').filter({ hasText: name }).click();
  await staff.getByTestId('signin-pin').fill(pin);
  await staff.getByTestId('signin-submit').click();
  await staff.getByTestId('signed-in').filter({ hasText: name }).waitFor();
}

describe('e2e: staff sign-in and roles', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  it('a clerk cannot reveal or redact; another clerk switches in; a manager can, with a reason; the audit view names them', async () => {
    const { staff, customer, harness } = stage;
    await staff.getByTestId('tab-settings').click();
    await addMember(staff, 'Mika Sato', 'manager', '4826');
    await addMember(staff, 'Aiko Ito', 'clerk', '3719');
    await addMember(staff, 'Ken Mori', 'clerk', '5081');
    await staff.getByTestId('staff-enable').click();
    await staff.getByTestId('staff-settings-note').waitFor();

    // On: nobody is signed in until a name is tapped and the PIN typed.
    await staff.getByTestId('staff-signin').getByText('Nobody is signed in').waitFor();
    await signIn(staff, 'Aiko Ito', '3719');
    assert.equal(await staff.getByTestId('tab-audit').count(), 0, 'the audit view is for managers');
    await staff.getByTestId('tab-console').click();
    await startVerification(staff, 'Order 2001');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'verified');
    await waitForStatus(staff, 'Order 2001', 'verified');
    await row(staff, 'Order 2001').click();
    await staff.getByTestId('timeline').waitFor();
    assert.equal(await staff.getByTestId('reveal').count(), 0, 'a clerk is not offered the reveal');
    assert.equal(await staff.getByTestId('redact').count(), 0, 'nor the redaction');
    // Main refuses it all the same, whatever a page might send.
    const id = (await staff.locator('[data-testid="detail"] code').textContent()) ?? '';
    await assert.rejects(
      harness.core.handlers['sessions.result']({ id, reason: 'age_check' }, { window: 'staff' }),
      (e: { code?: string }) => e.code === 'not_permitted',
    );

    // A second clerk: one tap and the PIN.
    await staff.getByTestId('switch-staff').click();
    await signIn(staff, 'Ken Mori', '5081');

    // The manager: a reason first, then the details with the manager's name beside them.
    await staff.getByTestId('switch-staff').click();
    await signIn(staff, 'Mika Sato', '4826');
    await row(staff, 'Order 2001').click();
    await staff.getByTestId('reveal').click();
    assert.ok(await staff.getByTestId('reveal-confirm').isDisabled(), 'no reveal without a reason');
    await staff.getByTestId('reveal-reason-age_check').check();
    await staff.getByTestId('reveal-confirm').click();
    const result = staff.getByTestId('result');
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', /Jenny Rosen/);
    assert.equal(await staff.getByTestId('result-revealed-by').textContent(), 'Revealed by Mika Sato');
    await staff.getByTestId('redact').click();
    await staff.getByTestId('confirm-yes').click();
    await row(staff, 'Order 2001').getByText('redacted').waitFor();

    await staff.getByTestId('tab-audit').click();
    const audit = staff.getByTestId('audit');
    await audit.getByTestId('audit-row').first().waitFor();
    const who = async (action: string, outcome: string) =>
      audit
        .locator(`[data-testid="audit-row"][data-action="${action}"][data-outcome="${outcome}"]`)
        .getByTestId('audit-who')
        .allTextContents();
    assert.deepEqual(await who('sessions.result', 'ok'), ['Mika Sato']);
    assert.deepEqual(await who('sessions.redact', 'ok'), ['Mika Sato']);
    assert.deepEqual(await who('sessions.result', 'refused'), ['Aiko Ito']);
    assert.deepEqual(await who('staff.signIn', 'ok'), ['Mika Sato', 'Ken Mori', 'Aiko Ito']);
    assert.match(
      (await audit.locator('[data-action="sessions.result"][data-outcome="ok"]').textContent()) ?? '',
      /Age check/,
    );
    assert.doesNotMatch((await audit.textContent()) ?? '', /Jenny|Rosen/, 'no personal data on the trail');
    assert.deepEqual(stage.pageErrors, []);
  });

  it('a manager records a check without biometrics: "Checked by staff" in Today, never verified', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-console').click();
    await staff.getByTestId('manual-check-open').click();
    await staff.getByLabel('Reference (order or ticket)').last().fill('Order 2002');
    await staff.getByLabel('Document seen').selectOption('passport');
    await staff.getByLabel('Last digits of its number (up to 4, optional)').fill('123456');
    await staff.getByTestId('manual-check-save').click();
    await waitForStatus(staff, 'Order 2002', 'checked_by_staff');
    const shown = await staff.getByTestId('manual-check-shown').textContent();
    assert.equal(shown, 'Checked by staff: Passport, Accepted');
    assert.match((await row(staff, 'Order 2002').textContent()) ?? '', /Checked by staff/);
    assert.doesNotMatch((await row(staff, 'Order 2002').textContent()) ?? '', /Verified/);
    const views = await stage.harness.core.handlers['sessions.list']({}, { window: 'staff' });
    const view = views.find((v) => v.reference === 'Order 2002');
    assert.equal(view?.manualCheck?.lastDigits, '1234', 'the field takes at most four digits');
    assert.deepEqual(stage.pageErrors, []);
  });
});
