/**
 * The way back when every manager has forgotten their PIN, end to end in Chromium through the
 * harness: turning sign-in on shows the recovery code once (Settings then says only when it was
 * made); signed out, "Forgot every manager PIN?" takes a wrong code (tries left), then the code
 * as typed off paper, a manager and a new PIN; the old code is spent and a new one shown once;
 * the manager signs in with the new PIN, and the audit view has both tries with nobody as the
 * actor and never a code; no file the app wrote and no line the core logged has one either.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeScreen, axeTable, blocking } from '../support/axe.ts';
import { openStage, type Stage } from '../support/e2e.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

async function addMember(staff: Page, name: string, role: 'clerk' | 'manager', pin: string) {
  await staff.getByTestId('staff-name').fill(name);
  await staff.getByTestId('staff-role').selectOption(role);
  await staff.getByTestId('staff-pin').fill(pin);
  await staff.getByTestId('staff-add').click();
  await staff.getByTestId('staff-members').getByText(name).waitFor();
}

describe('e2e: the staff recovery code', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  it('shown once when sign-in is turned on; used once on the sign-in card to set a manager PIN', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-settings').click();
    await addMember(staff, 'Mika Sato', 'manager', '4826');
    await addMember(staff, 'Aiko Ito', 'clerk', '3719');
    await staff.getByTestId('staff-enable').click();

    // The code, once: then Settings says only that it exists.
    const first = (await staff.getByTestId('recovery-code').textContent()) ?? '';
    assert.match(first, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    const shownAxe = await axeScreen(staff, 'recovery code shown', 'en');
    await staff.getByTestId('recovery-code-done').click();
    await staff.getByTestId('recovery-status').getByText('A recovery code was made on').waitFor();
    assert.ok(!(await staff.content()).includes(first), 'the code is gone from the page');

    // Nobody is signed in: the quiet way back on the sign-in card.
    await staff.getByTestId('staff-signin').getByText('Nobody is signed in').waitFor();
    await staff.getByTestId('forgot-open').click();
    await staff.getByTestId('forgot-code').fill('ABCDE-FGHJK-MNPQR-STVWX');
    await staff.getByTestId('forgot-who').selectOption({ label: 'Mika Sato' });
    await staff.getByTestId('forgot-pin').fill('5930');
    await staff.getByTestId('forgot-submit').click();
    assert.equal(
      await staff.getByTestId('forgot-message').textContent(),
      'Wrong recovery code. 2 tries left before a pause.',
    );
    assert.equal(await staff.getByTestId('forgot-code').inputValue(), '', 'the code leaves the form');
    const formAxe = await axeScreen(staff, 'forgot every manager PIN', 'en');
    console.log(`axe figures:\n${axeTable([shownAxe, formAxe])}`);
    assert.deepEqual([...blocking(shownAxe), ...blocking(formAxe)], [], 'no blocking axe findings');

    // As typed off paper: lower case, spaces for the dashes.
    await staff.getByTestId('forgot-code').fill(first.toLowerCase().replace(/-/g, ' '));
    await staff.getByTestId('forgot-pin').fill('5930');
    await staff.getByTestId('forgot-submit').click();
    const done = staff.getByTestId('recovery-done');
    await done.getByText('The PIN of Mika Sato is set').waitFor();
    const next = (await done.getByTestId('recovery-code').textContent()) ?? '';
    assert.match(next, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    assert.notEqual(next, first, 'the used code is spent: a new one is shown');
    await done.getByTestId('recovery-code-done').click();

    // The spent code does not work again.
    await staff.getByTestId('forgot-open').click();
    await staff.getByTestId('forgot-code').fill(first);
    await staff.getByTestId('forgot-pin').fill('6041');
    await staff.getByTestId('forgot-submit').click();
    await staff.getByTestId('forgot-message').getByText('Wrong recovery code').waitFor();

    // The new PIN signs the manager in.
    await staff.getByTestId('signin-member').filter({ hasText: 'Mika Sato' }).click();
    await staff.getByTestId('signin-pin').fill('5930');
    await staff.getByTestId('signin-submit').click();
    await staff.getByTestId('signed-in').filter({ hasText: 'Mika Sato' }).waitFor();

    await staff.getByTestId('tab-audit').click();
    const audit = staff.getByTestId('audit');
    await audit.getByTestId('audit-row').first().waitFor();
    const tries = audit.locator('[data-testid="audit-row"][data-action="staff.recover"]');
    assert.deepEqual(await tries.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome'))), [
      'wrong_pin',
      'ok',
      'wrong_pin',
    ]);
    assert.deepEqual(await tries.getByTestId('audit-who').allTextContents(), [
      '(nobody signed in)',
      '(nobody signed in)',
      '(nobody signed in)',
    ]);
    const trail = (await audit.textContent()) ?? '';
    assert.match(trail, /staff\.recover Mika Sato/);
    for (const code of [first, next]) {
      assert.ok(!trail.includes(code) && !trail.includes(code.replace(/-/g, '')), 'never a code');
    }
    // Nor in any file the app wrote or any line the core logged, in any form it could be typed.
    const kept = [
      ...filesUnder(stage.harness.storeDir).map((f) => readFileSync(f, 'utf8')),
      stage.harness.coreLog.join('\n'),
    ];
    assert.ok(
      kept.some((text) => text.includes('Mika Sato')),
      'the scan reads the real stores',
    );
    for (const code of [first, next]) {
      for (const form of [code, code.replace(/-/g, ''), code.toLowerCase()]) {
        assert.ok(!kept.some((text) => text.includes(form)), 'no code in the stores or the log');
      }
    }
    assert.deepEqual(stage.pageErrors, []);
  });
});
