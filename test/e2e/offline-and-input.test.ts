/**
 * When things go wrong: bad input never leaves the console, and with the network gone both
 * screens say so and nothing is lost (a verification started offline is queued, then created
 * exactly once when the connection is back).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStage, row, screenshot, startVerification, waitForStatus, type Stage } from '../support/e2e.ts';

describe('e2e: bad input and offline', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  it('bad form input → a message under each field, nothing sent', async () => {
    const { staff, harness } = stage;
    const sim = harness.simulator()!;
    const sessionsBefore = sim.sessions().length;
    const startsBefore = harness.sent.filter(
      (s) => s.kind === 'envelope' && s.method === 'sessions.start',
    ).length;

    await staff.getByLabel('Email (optional)').fill('not-an-email');
    await staff.getByLabel('Phone (optional, with country code)').fill('07946 0958');
    for (const name of ['allowed-driving_license', 'allowed-id_card', 'allowed-passport']) {
      await staff.locator(`input[name="${name}"]`).uncheck();
    }
    await staff.getByTestId('start').click();

    for (const field of ['reference', 'email', 'phone', 'allowedTypes']) {
      await staff.getByTestId(`field-error-${field}`).waitFor();
    }
    assert.match((await staff.getByTestId('field-error-reference').textContent()) ?? '', /reference/i);
    assert.equal(await staff.getByLabel('Reference (order or ticket)').getAttribute('aria-invalid'), 'true');
    // Focus lands on the first field to fix.
    assert.equal(await staff.evaluate('document.activeElement?.dataset.field'), 'reference');

    assert.equal(sim.sessions().length, sessionsBefore);
    assert.equal(
      harness.sent.filter((s) => s.kind === 'envelope' && s.method === 'sessions.start').length,
      startsBefore,
    );

    // Fixed, it goes through.
    await staff.getByLabel('Email (optional)').fill('');
    await staff.getByLabel('Phone (optional, with country code)').fill('+44 20 7946 0958');
    await staff.locator('input[name="allowed-passport"]').check();
    await startVerification(staff, 'Ticket 7');
    assert.equal(await staff.getByTestId('field-error-phone').count(), 0);
    assert.equal(sim.sessions().length, sessionsBefore + 1);
  });

  it('network gone → both screens say so; a verification started offline is queued, then created once', async () => {
    const { staff, customer, harness } = stage;
    const sim = harness.simulator()!;
    // An active session, handed to the customer's phone before the network goes.
    await row(staff, 'Ticket 7').click();
    await staff.getByTestId('present-qr').click();
    await customer.getByTestId('customer-qr').waitFor();
    const active = (await staff.locator('[data-testid="detail"] code').textContent()) ?? '';

    sim.setFaults({ offline: true });
    await staff.getByLabel('Reference (order or ticket)').fill('Ticket 8');
    await staff.getByTestId('start').click();
    await staff.getByTestId('notice').filter({ hasText: 'queued' }).waitFor();
    await waitForStatus(staff, 'Ticket 8', 'queued');
    await staff.locator('[data-online="false"]').waitFor();
    await staff.locator('[data-queued="1"]').waitFor();
    await customer.getByTestId('customer-offline').waitFor();
    // The queued creation's detail: no "attempt 0 of 3".
    const queuedDetail = staff.locator('[data-testid="detail"]', { hasText: 'Ticket 8' });
    await queuedDetail.waitFor();
    assert.doesNotMatch((await queuedDetail.textContent()) ?? '', /attempt 0/);
    await screenshot(staff, 'staff-queued');
    assert.equal(sim.sessions().filter((s) => s.client_reference_id !== null).length, 1);

    // Meanwhile the customer finishes on their phone (the phone has its own network).
    await sim.submit(active, 'verified');

    sim.setFaults({ offline: false });
    // The queue drains by itself (its ping backs off to a few seconds while offline).
    await waitForStatus(staff, 'Ticket 8', 'requires_input', 30_000);
    await staff.locator('[data-online="true"]').waitFor({ timeout: 30_000 });
    await staff.locator('[data-queued="0"]').waitFor();
    await customer.getByTestId('customer-offline').waitFor({ state: 'detached' });
    // The session that finished while we were offline is caught up with.
    await waitForStatus(staff, 'Ticket 7', 'verified', 30_000);

    // Created exactly once with Stripe.
    const refs = sim.sessions().map((s) => s.client_reference_id);
    assert.equal(new Set(refs).size, refs.length);
    assert.equal(refs.length, 2);
    assert.deepEqual(
      stage.pageErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });

  it('a queued creation can be withdrawn before it is sent', async () => {
    const { staff, harness } = stage;
    const sim = harness.simulator()!;
    const before = sim.sessions().length;
    sim.setFaults({ offline: true });
    try {
      // The first creation finds the network gone: its request may have reached Stripe, so it
      // stays queued. The next is queued without a request, and can be withdrawn.
      await staff.getByLabel('Reference (order or ticket)').fill('Ticket 9a');
      await staff.getByTestId('start').click();
      await waitForStatus(staff, 'Ticket 9a', 'queued');
      await staff.locator('[data-online="false"]').waitFor();
      await staff.getByLabel('Reference (order or ticket)').fill('Ticket 9');
      await staff.getByTestId('start').click();
      await waitForStatus(staff, 'Ticket 9', 'queued');
      await staff.getByTestId('withdraw').click();
      await staff.getByTestId('confirm-yes').click();
      await waitForStatus(staff, 'Ticket 9', 'canceled');
      await staff.locator('[data-queued="1"]').waitFor();
    } finally {
      sim.setFaults({ offline: false });
    }
    await waitForStatus(staff, 'Ticket 9a', 'requires_input', 30_000);
    // Only the one not withdrawn was created with Stripe.
    assert.equal(sim.sessions().length, before + 1);
    assert.equal(await row(staff, 'Ticket 9').locator('[data-status="canceled"]').count(), 1);
  });
});
