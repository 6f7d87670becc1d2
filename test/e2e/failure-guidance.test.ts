/**
 * Every failure the app can meet, on screen: for each last_error code the simulator's hosted page
 * offers for a session the console can start (a document check with selfie and ID number, and an
 * ID-number check), the customer fails the check that way, and both the customer screen and the
 * staff's detail show that code's guidance. Email and phone checks cannot be asked for from the
 * console, so their four codes are not reachable here (the core test covers them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guidanceFor } from '../../renderer/src/shared/last-error-guidance.ts';
import { FAILURES, LAST_ERROR_CODES, type LastErrorCode } from '../../main/simulator/failures.ts';
import { openStage, screenshot, startVerification, type Stage } from '../support/e2e.ts';
import { applyLanguage, setWindowCatalogues } from '../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../renderer/src/shared/i18n/catalogues.ts';

// The words the pages should show, said here from the same catalogues (in English, as the pages).
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

// The simulator's own table of codes and the checks that produce them (Stripe's 19).
const EMAIL_AND_PHONE_CODES = LAST_ERROR_CODES.filter((c) => ['email', 'phone'].includes(FAILURES[c].source));
const CONSOLE_REACHABLE = LAST_ERROR_CODES.filter((c) => !EMAIL_AND_PHONE_CODES.includes(c));
const SCREENSHOTS: Record<string, string> = {
  document_expired: 'customer-guidance-document-expired',
  selfie_face_mismatch: 'customer-guidance-selfie-mismatch',
  id_number_mismatch: 'customer-guidance-id-number-mismatch',
};

describe('e2e: the guidance for every failure', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => stage?.close());

  it('shows each code its own guidance, to the customer and to staff', { timeout: 300_000 }, async (t) => {
    const { staff, customer } = stage;
    const walked = new Set<string>();
    let counter = 0;
    for (const kind of ['document', 'id_number'] as const) {
      // The hosted page offers the codes this kind of session can produce; walk each once.
      const offered = async (): Promise<string[]> => {
        await customer.waitForURL(/\/hosted\//);
        const outcomes = await customer
          .locator('[data-outcome]')
          .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-outcome') ?? ''));
        return outcomes.filter((o) => o !== 'verified');
      };
      let codes: string[] | null = null;
      for (let i = 0; codes === null || i < codes.length; i++) {
        const reference = `Failure ${++counter}`;
        await staff.getByLabel(kind === 'document' ? 'ID document (and selfie)' : 'ID number only').check();
        if (kind === 'document') await staff.getByLabel('Also check the ID number').check();
        await startVerification(staff, reference);
        await staff.getByTestId('present-screen').click();
        codes ??= await offered();
        const code = codes[i];
        if (code === undefined) break;
        await customer.waitForURL(/\/hosted\//);
        await customer.locator(`[data-outcome="${code}"]`).click();
        await customer.waitForURL(/\/customer\/customer\.html/);
        const g = guidanceFor(code);
        // Guidance with "try again" while another try can help; else "ask staff" with what happened.
        await customer
          .locator('[data-screen="requires_input"]')
          .getByText(g.customer)
          .or(customer.locator('[data-screen="ask_staff"]').getByText(`${g.title}.`, { exact: true }))
          .waitFor();
        await staff.getByTestId('last-error').getByText(g.staff).waitFor();
        assert.equal(await staff.getByTestId('last-error').locator('strong').textContent(), g.title);
        if (SCREENSHOTS[code]) await screenshot(customer, SCREENSHOTS[code]);
        walked.add(code);
      }
    }
    const missing = CONSOLE_REACHABLE.filter((c) => !walked.has(c));
    assert.equal(CONSOLE_REACHABLE.length, 15, "Stripe's 19 codes less the four email and phone ones");
    t.diagnostic(`walked ${walked.size} codes: ${[...walked].sort().join(', ')}`);
    assert.deepEqual(missing, [], 'every code a console-started session can meet was shown');
    assert.equal(
      [...walked].filter((c) => EMAIL_AND_PHONE_CODES.includes(c as LastErrorCode)).length,
      0,
      'no email or phone code without those checks',
    );
    assert.deepEqual(stage.pageErrors, []);
  });
});
