/**
 * The simulator's hosted page in a real browser: Chromium asking for Japanese (its locale sets
 * Accept-Language) gets the page in Japanese with `lang="ja-JP"`, English otherwise; and axe
 * finds no serious or critical problem (colour contrast included) in either language.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startChecked } from '../support/simulator.ts';
import { launchChromium } from '../support/e2e.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[] }>;
}

describe('e2e: the simulator’s hosted page, by language', () => {
  let browser: Browser;
  let sim: Awaited<ReturnType<typeof startChecked>>['sim'];
  let client: Awaited<ReturnType<typeof startChecked>>['client'];
  before(async () => {
    ({ sim, client } = await startChecked());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await sim?.close();
  });

  for (const [locale, lang, heading] of [
    ['ja-JP', 'ja-JP', 'Stripe Identity — テストモード（シミュレーション）'],
    ['en-US', 'en-GB', 'Stripe Identity — test mode (simulated)'],
  ] as const) {
    it(`a browser in ${locale}: lang="${lang}", its words, and no serious axe finding`, async () => {
      // Every check the page can offer, so every kind of button is on it.
      const session = await client.stripe.identity.verificationSessions.create({
        type: 'document',
        options: { document: { require_matching_selfie: true, require_id_number: true } },
      });
      // bypassCSP: the page allows no script, and axe is one.
      const context = await browser.newContext({ locale, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(session.url!);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.equal(await page.locator('h1').textContent(), heading);
        await page.addScriptTag({ content: AXE });
        const violations = (await page.evaluate(
          "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
        )) as AxeViolation[];
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(serious, [], JSON.stringify(serious));
      } finally {
        await context.close();
      }
    });
  }
});
