/**
 * A station on Countersign Hub, end to end in Chromium: the real hub server (hub/, in this
 * process on PGlite) with the simulator playing Stripe and sending it signed webhooks, the app
 * core behind the harness, the staff console and the customer screen side by side.
 *
 * Staff connect in Settings with an enrollment code; then the whole counter flow runs through
 * the hub — start, hosted flow, live updates by the hub's stream (nobody reads the Events API),
 * retry, cancel, redact — the hub becomes unreachable and a creation waits in the queue and is
 * sent exactly once when it answers again; disconnecting goes back to the simulator. The
 * station token never reaches a page.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryKeychain, type MemoryKeychain } from '../harness/keychain.ts';
import { startStationHub, type TestHub } from '../support/test-hub.ts';
import {
  completeHostedFlow,
  openStage,
  row,
  screenshot,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

const EVENTS = 'GET /v1/events';

describe('e2e: a station on Countersign Hub', () => {
  let th: TestHub;
  let stage: Stage;
  let keychain: MemoryKeychain;
  before(async () => {
    th = await startStationHub();
    keychain = memoryKeychain();
    stage = await openStage({
      keychain,
      // Back within a fraction of a second once the hub answers again.
      hubLink: { stream: { backoff: { baseMs: 50, maxMs: 300 } } },
    });
  });
  after(async () => {
    await stage?.close();
    await th?.close();
  });

  it('Settings → connect with an enrollment code: the status bar names the hub, the key setting is gone', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-settings').click();
    // A wrong code first: the page says what to do, and nothing changes.
    await staff.getByLabel('Hub address').fill(th.url);
    await staff.getByLabel('Enrollment code').fill('WRONG-CODE');
    await staff.getByTestId('hub-connect').click();
    await staff.locator('[data-code="hub_code_invalid"]').waitFor();
    assert.equal(await staff.getByLabel('Enrollment code').inputValue(), '', 'the code leaves the page');
    // An address the hub cannot be at: told in the field, no request sent.
    await staff.getByLabel('Hub address').fill('http://hub.example.com');
    await staff.getByLabel('Enrollment code').fill('ABCD');
    await staff.getByTestId('hub-connect').click();
    await staff
      .getByText(/must|starting with https/i)
      .first()
      .waitFor();

    await staff.getByLabel('Hub address').fill(th.url);
    await staff.getByLabel('Enrollment code').fill(await th.code('Till 1', 'Ginza'));
    await staff.getByTestId('hub-connect').click();
    await staff.getByTestId('hub-connected').waitFor();
    assert.match((await staff.getByTestId('hub-connected').textContent()) ?? '', /Till 1.*Ginza/);
    const backend = staff.getByTestId('backend');
    await staff.locator('[data-testid="backend"][data-backend="hub"]').waitFor();
    assert.match((await backend.textContent()) ?? '', new RegExp(`Hub ${new URL(th.url).host}`));
    assert.equal(await staff.locator('#secret-key').count(), 0, 'no key setting while a hub is used');
    assert.equal(await staff.getByTestId('simulator-banner').count(), 0);
    // The hub's address carries a port of this run.
    await screenshot(staff, 'staff-settings-hub', {
      perRun: ['[data-testid="hub-connected"]', '[data-testid="hub-note"]', '[data-testid="backend"]'],
    });
    await staff.getByTestId('tab-console').click();
  });

  it('start → hosted flow → live update by the stream → retry → verified, all through the hub', async () => {
    const { staff, customer } = stage;
    th.stripe.resetStats();
    await startVerification(staff, 'Hub 2001');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'document_expired');
    await customer.getByTestId('guidance').waitFor();
    await waitForStatus(staff, 'Hub 2001', 'requires_input');
    await staff.getByTestId('last-error').waitFor();

    const before = th.stripe.sessions().length;
    await customer.getByTestId('customer-retry').click();
    await completeHostedFlow(customer, 'verified');
    await customer.locator('[data-screen="verified"]').waitFor();
    await waitForStatus(staff, 'Hub 2001', 'verified');
    assert.equal(th.stripe.sessions().length, before, 'a retry uses the same session');
    assert.equal(th.stripe.stats().byRoute[EVENTS] ?? 0, 0, 'updates came by the stream, not by polling');

    // The verified result is passed through by the hub on demand.
    await staff.getByTestId('reveal').click();
    await staff.getByTestId('result').waitFor();
    assert.match((await staff.getByTestId('result').textContent()) ?? '', /Jenny Rosen/);
  });

  it('cancel and redact through the hub', async () => {
    const { staff, customer } = stage;
    await customer.getByTestId('customer-done').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
    await startVerification(staff, 'Hub 2002');
    await staff.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').click();
    await waitForStatus(staff, 'Hub 2002', 'canceled');

    await row(staff, 'Hub 2001').click();
    await staff.getByTestId('redact').click();
    await staff.getByTestId('confirm-yes').click();
    await row(staff, 'Hub 2001').getByText('redacted').waitFor();
    assert.equal(await staff.getByTestId('reveal').count(), 0);
  });

  it('the hub unreachable: a creation is queued, nothing is lost, and it is sent exactly once', async () => {
    const { staff } = stage;
    const before = th.stripe.sessions().length;
    th.cut();
    await staff.locator('[data-testid="online"][data-online="false"]').waitFor();
    await staff.getByLabel('Reference (order or ticket)').fill('Hub 2003');
    await staff.getByTestId('start').click();
    await waitForStatus(staff, 'Hub 2003', 'queued');
    await staff.locator('[data-testid="queued"][data-queued="1"]').waitFor();
    assert.equal(th.stripe.sessions().length, before);

    th.restore();
    await waitForStatus(staff, 'Hub 2003', 'requires_input', 20_000);
    await staff.locator('[data-testid="queued"][data-queued="0"]').waitFor();
    await staff.locator('[data-testid="online"][data-online="true"]').waitFor();
    assert.equal(th.stripe.sessions().length, before + 1, 'created exactly once');
  });

  it('disconnect → back to the simulator; the token never reached a page', async () => {
    const { staff, harness } = stage;
    const token = (
      JSON.parse((await keychain.getPassword('Countersign', 'hub')) ?? '{}') as { token?: string }
    ).token;
    assert.match(token ?? '', /^cs_station_/);
    await staff.getByTestId('tab-settings').click();
    await staff.getByTestId('hub-disconnect').click();
    await staff.getByTestId('confirm-yes').click();
    await staff.locator('[data-testid="backend"][data-backend="simulator"]').waitFor();
    await staff.getByTestId('simulator-banner').waitFor();
    await staff.locator('#secret-key').waitFor();
    assert.equal(await keychain.getPassword('Countersign', 'hub'), null);

    const sent = JSON.stringify(harness.sent);
    assert.ok(!sent.includes(token!), 'the token was sent to a page');
    assert.ok(!harness.coreLog.join('\n').includes(token!), 'the token was logged');
    for (const file of readdirSync(harness.storeDir)) {
      const text = readFileSync(join(harness.storeDir, file), 'utf8');
      assert.ok(!text.includes(token!), `${file} holds the token`);
    }
    assert.deepEqual(stage.pageErrors, []);
  });
});
