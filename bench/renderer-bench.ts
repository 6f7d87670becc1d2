/**
 * Renderer figures for `npm run bench` (targets from issue 17, "Lighter windows"):
 * - the gzipped JavaScript each window loads before it is interactive: customer ≤ 80 KB, staff
 *   ≤ 150 KB. Read from the build (test/harness/window-weight.ts, the same count the budget test
 *   holds) and, beside it, what Chromium actually fetched for the page;
 * - the console interactive — the "Start verification" button enabled: the bundle parsed, the
 *   language's catalogues fetched and React mounted — in Chromium through the harness, median of
 *   10 loads in an open window (≤ 150 ms) and of 10 loads in a new window, which also starts a
 *   renderer process (≤ 300 ms). Beside them: the first load with nothing cached, when main's
 *   first answer (the test/live badge) is on screen, and the customer screen in a new window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { WindowKind } from '../contract/ipc.ts';
import { buildRenderer } from '../test/harness/build-renderer.ts';
import { startHarness } from '../test/harness/server.ts';
import { WINDOW_BUDGET_KB, weighFiles, windowWeight } from '../test/harness/window-weight.ts';
import { launchChromium } from '../test/support/e2e.ts';

const INTERACTIVE_TARGET_MS = 150;
const NEW_WINDOW_TARGET_MS = 300;
const LOADS = 10;

/** Runs in the page before its scripts: notes when each window is first usable. */
const MARK_INTERACTIVE = `
  new MutationObserver((_, observer) => {
    const button = document.querySelector('[data-testid="start"]');
    if (button && !button.disabled && window.__interactiveAt === undefined) {
      window.__interactiveAt = performance.now();
    }
    const customer = document.querySelector('[data-testid="customer"]');
    if (customer && customer.dataset.screen === 'welcome' && window.__interactiveAt === undefined) {
      window.__interactiveAt = performance.now();
      window.__statusAt = window.__interactiveAt;
    }
    if (document.querySelector('[data-testid="mode-badge"]')) window.__statusAt = performance.now();
    if (window.__interactiveAt !== undefined && window.__statusAt !== undefined) observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Polled with plain evaluations: a waitForFunction string would need 'unsafe-eval' under the CSP. */
async function marks(page: Page): Promise<{ interactive: number; status: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const at = (await page.evaluate(
      '[window.__interactiveAt ?? null, window.__statusAt ?? null]',
    )) as unknown[];
    if (typeof at[0] === 'number' && typeof at[1] === 'number') return { interactive: at[0], status: at[1] };
    if (Date.now() > deadline) throw new Error('the page did not become interactive within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The asset scripts a page fetched until it was interactive. */
function recordScripts(page: Page): string[] {
  const names: string[] = [];
  page.on('response', (response) => {
    const m = /\/assets\/([\w.-]+\.js)(?:\?|$)/.exec(new URL(response.url()).pathname);
    if (m) names.push(m[1]!);
  });
  return names;
}

const kb = (bytes: number) => bytes / 1024;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

export async function benchRenderer(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-renderer-'));
  const lines: string[] = [];
  try {
    await buildRenderer(dir);
    const harness = await startHarness({ rendererDir: dir });
    const browser = await launchChromium();
    try {
      const contexts: Record<WindowKind, BrowserContext> = {
        staff: await browser.newContext({ viewport: { width: 1280, height: 860 } }),
        customer: await browser.newContext({ viewport: { width: 1280, height: 860 } }),
      };
      for (const context of Object.values(contexts)) await context.addInitScript(MARK_INTERACTIVE);
      const pageUrl = (kind: WindowKind, i: number) =>
        `${harness.origin}/${kind}/${kind}.html?load=${i}#/${kind}`;
      const first: Record<WindowKind, Page> = {
        staff: await contexts.staff.newPage(),
        customer: await contexts.customer.newPage(),
      };
      await first.staff.goto(harness.staffUrl);
      await first.customer.goto(harness.customerUrl);

      // What each window weighs: the build's count, and what Chromium fetched (new window, nothing cached).
      for (const kind of ['customer', 'staff'] as const) {
        const built = windowWeight(dir, kind);
        const ja = windowWeight(dir, kind, 'ja');
        const tab = await contexts[kind].newPage();
        const fetched = recordScripts(tab);
        await tab.goto(pageUrl(kind, 0));
        await marks(tab);
        await tab.close();
        const loaded = weighFiles(dir, [...new Set(fetched)]);
        lines.push(
          `${kind} window JS: ${kb(built.gzipBytes).toFixed(1)} KB gzipped (${kb(built.rawBytes).toFixed(0)} KB raw; in Japanese ${kb(ja.gzipBytes).toFixed(1)} KB); Chromium fetched ${kb(loaded.gzipBytes).toFixed(1)} KB in ${loaded.files.length} files; target ≤ ${WINDOW_BUDGET_KB[kind]} KB: ${verdict(kb(built.gzipBytes) <= WINDOW_BUDGET_KB[kind])}`,
        );
      }

      // The staff window loading its page: navigations in one open window, the first with
      // nothing cached (reported apart), then LOADS more that reuse the compiled bundle, as
      // the app does across launches (hashed assets are cached for good; V8 keeps the code).
      const page = first.staff;
      const times: number[] = [];
      const statusTimes: number[] = [];
      let cold = NaN;
      for (let i = 0; i <= LOADS; i++) {
        await page.goto(pageUrl('staff', 1 + i));
        const at = await marks(page);
        if (i === 0) cold = at.interactive;
        else {
          times.push(at.interactive);
          statusTimes.push(at.status);
        }
      }
      // A new window each time also pays for starting a renderer process.
      const newWindow = async (kind: WindowKind): Promise<number[]> => {
        const out: number[] = [];
        for (let i = 0; i < LOADS; i++) {
          const tab = await contexts[kind].newPage();
          await tab.goto(pageUrl(kind, 100 + i));
          out.push((await marks(tab)).interactive);
          await tab.close();
        }
        return out;
      };
      const staffTabs = await newWindow('staff');
      const customerTabs = await newWindow('customer');
      const m = median(times);
      const n = median(staffTabs);
      lines.push(
        `console interactive: median ${m.toFixed(0)} ms over ${LOADS} loads (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); target ≤ ${INTERACTIVE_TARGET_MS} ms: ${verdict(m <= INTERACTIVE_TARGET_MS)}`,
        `  first load, nothing cached yet: ${cold.toFixed(0)} ms`,
        `  first answer from main shown (test/live badge): median ${median(statusTimes).toFixed(0)} ms`,
        `console interactive in a new window (includes starting its renderer process): median ${n.toFixed(0)} ms (min ${Math.min(...staffTabs).toFixed(0)}, max ${Math.max(...staffTabs).toFixed(0)}); target ≤ ${NEW_WINDOW_TARGET_MS} ms: ${verdict(n <= NEW_WINDOW_TARGET_MS)}`,
        `customer screen shown in a new window: median ${median(customerTabs).toFixed(0)} ms (min ${Math.min(...customerTabs).toFixed(0)}, max ${Math.max(...customerTabs).toFixed(0)}); target ≤ ${NEW_WINDOW_TARGET_MS} ms: ${verdict(median(customerTabs) <= NEW_WINDOW_TARGET_MS)}`,
      );
    } finally {
      await browser.close();
      await harness.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
