/**
 * axe-core over every staff and customer screen, in every station language: no critical,
 * serious or moderate violation anywhere (the simulator's hosted page included). The counts per
 * screen and language are printed and written to test-results/axe-report.json.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { memoryKeychain } from '../harness/keychain.ts';
import {
  holdHostedFlow,
  rowInState,
  smallTargets,
  startByForm,
  stationLanguages,
  useLanguage,
} from '../support/a11y-stage.ts';
import { axeScreen, axeTable, blocking, writeAxeReport, type AxeFinding } from '../support/axe.ts';
import { openStage, row, waitForStatus, type Stage } from '../support/e2e.ts';

const STAFF = { window: 'staff' } as const;
const findings: AxeFinding[] = [];

/** How long the simulator takes to decide: long enough to stop on "Checking your details…". */
const PROCESSING_MS = 4000;

describe('e2e: axe over every screen, in every language', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ kiosk: true, processingDelayMs: PROCESSING_MS });
  });
  after(async () => {
    await stage?.close();
    if (findings.length > 0) {
      writeAxeReport(findings);
      console.log(`axe figures:\n${axeTable(findings)}`);
    }
  });

  /** Runs axe and keeps the figures; the assertion comes at the end, so every screen is counted. */
  async function check(page: Page, screen: string, language: string, expectScreen?: string) {
    const finding = await axeScreen(page, screen, language);
    if (expectScreen) {
      // A screen that moved on while axe ran was not the screen named: say so rather than pass.
      assert.equal(await page.getAttribute('[data-testid="customer"]', 'data-screen'), expectScreen);
    }
    findings.push(finding);
  }

  it('customer and staff screens', async (t) => {
    const { staff, customer, harness } = stage;
    const sim = harness.simulator()!;
    for (const language of await stationLanguages(stage)) {
      await t.test(language, async () => {
        await useLanguage(stage, language);
        const begin = async () => {
          await customer.getByTestId('customer-begin').click();
          await customer.waitForURL(/\/hosted\//);
          await customer.locator('[data-outcome="verified"]').waitFor();
        };
        if (language === (await stationLanguages(stage))[0]) {
          // Nothing started yet: the empty console.
          await check(staff, 'staff: console, empty', language);
        }
        await check(customer, 'customer: welcome (kiosk)', language, 'welcome');

        // Opening → the hosted page → checking → thank you.
        const hold = await holdHostedFlow(customer);
        await customer.getByTestId('customer-begin').click();
        await customer.locator('[data-screen="in_flow"]').waitFor();
        await check(customer, 'customer: opening the verification', language, 'in_flow');
        await hold.release();
        await customer.waitForURL(/\/hosted\//);
        await customer.locator('[data-outcome="verified"]').waitFor();
        await check(customer, 'simulator: hosted page', language);
        await customer.locator('[data-outcome="verified"]').click();
        await customer.locator('[data-screen="checking"]').waitFor();
        await check(customer, 'customer: checking', language, 'checking');
        await customer.locator('[data-screen="verified"]').waitFor({ timeout: PROCESSING_MS + 10_000 });
        await check(customer, 'customer: verified, thank you', language, 'verified');
        await customer.getByTestId('customer-done').click();
        await customer.locator('[data-screen="welcome"]').waitFor();

        // A failed check: guidance, then stop.
        await begin();
        await customer.locator('[data-outcome="document_expired"]').click();
        await customer.getByTestId('guidance').waitFor();
        await check(customer, 'customer: guidance after a failed check', language, 'requires_input');
        await customer.getByTestId('customer-stop').click();
        await customer.locator('[data-screen="welcome"]').waitFor();

        // The last attempt failed: ask staff.
        await harness.core.handlers['settings.update']({ maxAttempts: 1 }, STAFF);
        try {
          await begin();
          await customer.locator('[data-outcome="document_expired"]').click();
          await customer.getByTestId('ask-staff').waitFor();
          await check(customer, 'customer: ask staff (no attempts left)', language);
          await customer.getByTestId('customer-done').click();
          await customer.locator('[data-screen="welcome"]').waitFor();
        } finally {
          await harness.core.handlers['settings.update']({ maxAttempts: 3 }, STAFF);
        }

        // Back from the hosted page without finishing.
        await begin();
        await customer.goBack();
        await customer.getByTestId('interrupted').waitFor();
        await check(customer, 'customer: flow closed', language, 'in_flow');
        await customer.getByTestId('customer-done').click();
        await customer.locator('[data-screen="welcome"]').waitFor();

        // Staff start one: its detail, the QR code on the customer screen, the confirm dialog.
        const reference = `Order A11Y ${language}`;
        await startByForm(staff, reference);
        await check(staff, 'staff: console, detail of a new verification', language);
        await staff.getByTestId('present-qr').click();
        await staff.getByTestId('qr').waitFor();
        await customer.getByTestId('customer-qr').waitFor();
        await check(customer, 'customer: QR code for the phone', language, 'handoff');
        await check(staff, 'staff: detail with a QR code', language);
        await staff.getByTestId('cancel').click();
        await staff.getByTestId('confirm-yes').waitFor();
        await check(staff, 'staff: confirm dialog', language);
        await staff.getByTestId('confirm-yes').click();
        await waitForStatus(staff, reference, 'canceled');
        await customer.locator('[data-screen="canceled"]').waitFor();
        await check(customer, 'customer: stopped by staff', language, 'canceled');
        await customer.getByTestId('customer-done').click();
        await customer.locator('[data-screen="welcome"]').waitFor();

        // Offline: a queued creation at the counter, the reconnecting note at the customer.
        sim.setFaults({ offline: true });
        const queued = `Queued A11Y ${language}`;
        try {
          await staff.locator('input[data-field="reference"]').fill(queued);
          await staff.getByTestId('start').click();
          await waitForStatus(staff, queued, 'queued');
          await staff.locator('[data-online="false"]').waitFor();
          await customer.getByTestId('customer-offline').waitFor();
          await check(staff, 'staff: console offline, a queued verification', language);
          await check(customer, 'customer: offline', language, 'welcome');
        } finally {
          sim.setFaults({ offline: false });
        }
        await waitForStatus(staff, queued, 'requires_input', 30_000);
        await customer.getByTestId('customer-offline').waitFor({ state: 'detached', timeout: 30_000 });

        // Today holds new, failed, no attempts left, canceled and verified verifications.
        await rowInState(staff, 'failed').click();
        await staff.getByTestId('last-error').waitFor();
        await check(staff, 'staff: console, several states, a failed check open', language);
        await rowInState(staff, 'verified').click();
        await staff.getByTestId('reveal').click();
        await staff.getByTestId('result').waitFor();
        await check(staff, 'staff: verified details revealed', language);
        await staff.getByTestId('filter-attention').click();
        await check(staff, 'staff: console, needs attention filter', language);
        await staff.getByTestId('filter-all').click();

        await staff.getByTestId('tab-history').click();
        const historyRow = staff.locator('[data-testid="history-row"]').first();
        await historyRow.waitFor();
        await check(staff, 'staff: history', language);
        await historyRow.getByTestId('history-open').click();
        await staff.getByTestId('detail').waitFor();
        await check(staff, 'staff: history with a detail open', language);
        await staff.getByTestId('tab-settings').click();
        await staff.getByTestId('masked-key').waitFor();
        await check(staff, 'staff: settings', language);
        await staff.getByTestId('tab-console').click();
        await row(staff, queued).waitFor();

        // The kiosk's own screens: "Need help?" called, and the staff PIN pad (the hidden
        // gesture: five taps in the top-left corner).
        await customer.getByTestId('help-button').click();
        await customer.locator('[data-testid="help-banner"][data-state="called"]').waitFor();
        await check(customer, 'customer: help called', language, 'welcome');
        await harness.core.handlers['kiosk.setPin']({ pin: '4826' }, STAFF);
        for (let i = 0; i < 5; i++) await customer.mouse.click(12, 12);
        await customer.getByTestId('pin-pad').waitFor();
        await check(customer, 'customer: staff PIN pad', language);
        assert.deepEqual(await smallTargets(customer, 44, true), [], 'PIN pad targets');
        await customer.getByTestId('pin-cancel').click();
        await customer.getByTestId('pin-pad').waitFor({ state: 'detached' });
      });
    }
  });

  it('the key problem note (keychain locked at start)', async (t) => {
    const keychain = memoryKeychain();
    keychain.lock();
    const storeDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-a11y-key-'));
    const locked = await openStage({ keychain, storeDir });
    try {
      for (const language of await stationLanguages(locked)) {
        await t.test(language, async () => {
          await useLanguage(locked, language);
          await locked.staff.getByTestId('key-problem').waitFor();
          await check(locked.staff, 'staff: key problem note', language);
        });
      }
    } finally {
      await locked.close();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });

  it('no critical, serious or moderate violation on any screen, the simulator page included', () => {
    assert.ok(findings.length >= 20, `only ${findings.length} screens were checked`);
    const bad = findings
      .map((f) => ({ screen: `${f.screen} [${f.language}]`, violations: blocking(f) }))
      .filter((f) => f.violations.length > 0);
    assert.deepEqual(bad, []);
    assert.deepEqual(
      stage.pageErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
