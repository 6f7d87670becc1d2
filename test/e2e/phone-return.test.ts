/**
 * Issue 8, item 8: a phone that finishes the QR flow must not land on an error page. With no page
 * after the check set (the app's default), sessions carry no return_url and the hosted flow ends
 * on its own completion page, in the phone's language; the counter's customer screen still moves
 * on by itself.
 *
 * "The phone" is a second Chromium context (no cookies of the app, its own locale) that opens the
 * link the customer screen's QR code holds: the test finds which of the simulator's hosted links
 * renders to exactly that QR image, as a phone's camera would read it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import {
  completeHostedFlow,
  openStage,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

describe('e2e: the phone after the QR flow', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ withoutReturnUrl: true });
  });
  after(async () => {
    await stage?.close();
  });

  /** The link in the QR code the customer screen shows. */
  async function scanQr(): Promise<string> {
    const src = (await stage.customer.getByTestId('customer-qr').getAttribute('src')) ?? '';
    const svg = Buffer.from(src.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
    const sim = stage.harness.simulator()!;
    for (const session of sim.sessions()) {
      for (const token of sim.issuedSecrets()) {
        const url = `${sim.url}/hosted/${session.id}?token=${encodeURIComponent(token)}`;
        const drawn = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        if (drawn === svg) return url;
      }
    }
    throw new Error('the QR code holds no hosted link of this simulator');
  }

  /** Hands a new verification to "the phone" by QR and finishes it there; returns the phone's page. */
  async function finishOnPhone(reference: string, locale: string): Promise<Page> {
    const { staff, customer } = stage;
    await startVerification(staff, reference);
    await staff.getByTestId('present-qr').click();
    await customer.getByTestId('customer-qr').waitFor();
    const link = await scanQr();

    const context = await stage.browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    const opened = await phone.goto(link);
    assert.equal(opened?.status(), 200);
    const [answer] = await Promise.all([
      phone.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/submit')),
      phone.locator('[data-outcome="verified"]').click(),
    ]);
    assert.equal(answer.status(), 200, 'the flow ends on a page, not a redirect to nowhere');
    await phone.getByTestId('done-next').waitFor();
    return phone;
  }

  it('an English phone ends on "You’re done. You can return to the counter."; the counter moves on', async () => {
    const phone = await finishOnPhone('Order 8801', 'en-US');
    try {
      assert.equal(await phone.getByTestId('done').textContent(), 'You’re done.');
      assert.equal(await phone.getByTestId('done-next').textContent(), 'You can return to the counter.');
      assert.equal(await phone.locator('html').getAttribute('lang'), 'en-GB');
      assert.doesNotMatch(phone.url(), /^chrome-error:/);
    } finally {
      await phone.context().close();
    }
    // The counter's customer screen leaves the QR code by itself and shows the result.
    await stage.customer.locator('[data-screen="verified"]').waitFor();
    await waitForStatus(stage.staff, 'Order 8801', 'verified');
    await stage.customer.getByTestId('customer-done').click();
    await stage.customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('a Japanese phone ends on 「手続きが完了しました。カウンターへお戻りください。」', async () => {
    const phone = await finishOnPhone('Order 8802', 'ja-JP');
    try {
      assert.equal(await phone.getByTestId('done').textContent(), '手続きが完了しました。');
      assert.equal(await phone.getByTestId('done-next').textContent(), 'カウンターへお戻りください。');
      assert.equal(await phone.locator('html').getAttribute('lang'), 'ja-JP');
    } finally {
      await phone.context().close();
    }
    await stage.customer.locator('[data-screen="verified"]').waitFor();
    await stage.customer.getByTestId('customer-done').click();
    await stage.customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('on the customer screen, without a return url, the window comes back to the app when the flow ends', async () => {
    const { staff, customer } = stage;
    await startVerification(staff, 'Order 8803');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'verified');
    await customer.locator('[data-screen="checking"], [data-screen="verified"]').first().waitFor();
    await waitForStatus(staff, 'Order 8803', 'verified');
    assert.deepEqual(stage.pageErrors, []);
  });

  it('with a page after the check set in Settings, the phone is sent there instead', async () => {
    const { staff, customer, harness } = stage;
    const shopPage = 'https://shop.example/identity/done';
    await harness.core.handlers['settings.update']({ returnUrl: shopPage }, { window: 'staff' });
    try {
      await startVerification(staff, 'Order 8804');
      await staff.getByTestId('present-qr').click();
      await customer.getByTestId('customer-qr').waitFor();
      const context = await stage.browser.newContext({ locale: 'en-US' });
      try {
        const phone = await context.newPage();
        // The shop's page is not reachable from this test machine: only the redirect is checked.
        await phone.route('https://shop.example/**', (route) =>
          route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Shop page</h1>' }),
        );
        await phone.goto(await scanQr());
        const [answer] = await Promise.all([
          phone.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/submit')),
          phone.locator('[data-outcome="verified"]').click(),
        ]);
        assert.equal(answer.status(), 303);
        assert.equal(answer.headers()['location'], shopPage);
        await phone.getByText('Shop page').waitFor();
      } finally {
        await context.close();
      }
      await waitForStatus(staff, 'Order 8804', 'verified');
    } finally {
      await harness.core.handlers['settings.update']({ returnUrl: null }, { window: 'staff' });
    }
  });
});
