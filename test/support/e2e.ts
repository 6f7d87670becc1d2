/**
 * What the end-to-end tests share: a renderer built for this test process, the harness with the
 * app core on its simulator, and Debian's Chromium (never a downloaded one) with the staff and
 * the customer page side by side.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildRenderer, PROJECT_ROOT } from '../harness/build-renderer.ts';
import { startHarness } from '../harness/server.ts';
import { specCheck } from './stripe-spec.ts';
import {
  compareScreenshots,
  documentedScreenshots,
  MAX_DIFF_PIXELS,
  type Region,
} from './screenshot-compare.ts';
import type { Harness, HarnessOptions } from '../harness/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

let built: Promise<string> | null = null;
let builtDir: string | null = null;
/** One renderer build per test process, in a folder of its own. */
export function rendererForTests(): Promise<string> {
  if (!built) {
    builtDir = mkdtempSync(join(tmpdir(), 'countersign-renderer-'));
    built = buildRenderer(builtDir);
    process.once('exit', () => builtDir && rmSync(builtDir, { recursive: true, force: true }));
  }
  return built;
}

export interface Stage {
  harness: Harness;
  browser: Browser;
  staff: Page;
  customer: Page;
  /** Messages the pages printed as errors (a failed request, an exception). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openStage(options: HarnessOptions = {}): Promise<Stage> {
  const rendererDir = await rendererForTests();
  // Every answer the app's simulator sends during the browser tests is checked against Stripe's spec.
  const spec = specCheck();
  const harness = await startHarness({
    processingDelayMs: 150,
    onSimulatorResponse: spec.onResponse,
    ...options,
    rendererDir,
  });
  const browser = await launchChromium();
  // One context (window) per page: a page in a background tab gets its animation frames
  // throttled, which slows every click. The cookies are per path anyway.
  const newPage = async (): Promise<Page> => {
    const context: BrowserContext = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  const pageErrors: string[] = [];
  const watch = (name: string, page: Page) => {
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${name}: ${m.text()}`);
    });
  };
  const staff = await newPage();
  const customer = await newPage();
  watch('staff', staff);
  watch('customer', customer);
  await staff.goto(harness.staffUrl);
  await customer.goto(harness.customerUrl);
  await staff.getByTestId('start').and(staff.locator(':enabled')).waitFor();
  await customer.locator('[data-screen="welcome"]').waitFor();
  return {
    harness,
    browser,
    staff,
    customer,
    pageErrors,
    close: async () => {
      await browser.close();
      await harness.close();
      spec.assertClean();
    },
  };
}

/** Fills the start form with a reference (and defaults otherwise) and starts. */
/** Settings → Language: picks the station language and waits until the page speaks it (`tag`). */
export async function chooseStationLanguage(staff: Page, value: 'en' | 'ja', tag: string): Promise<void> {
  await staff.getByTestId('tab-settings').click();
  await staff.getByTestId('station-language').selectOption(value);
  await staff.locator(`html[lang="${tag}"]`).waitFor({ state: 'attached' });
  await staff.getByTestId('station-language').and(staff.locator(':enabled')).waitFor();
}

export async function startVerification(staff: Page, reference: string): Promise<void> {
  await staff.getByLabel('Reference (order or ticket)').fill(reference);
  await staff.getByTestId('start').click();
  await staff.locator('[data-testid="detail"] h2', { hasText: reference }).waitFor();
}

export function row(staff: Page, reference: string) {
  return staff.locator(`[data-testid="session-row"][data-reference="${reference}"]`);
}

/** Waits for the row of `reference` to show `status`. */
export async function waitForStatus(staff: Page, reference: string, status: string, timeout = 10_000) {
  await row(staff, reference).locator(`[data-status="${status}"]`).waitFor({ timeout });
}

/** On the simulator's hosted page: choose an outcome, and come back to the customer screen. */
export async function completeHostedFlow(customer: Page, outcome: string): Promise<void> {
  await customer.waitForURL(/\/hosted\//);
  await customer.locator(`[data-outcome="${outcome}"]`).click();
  await customer.waitForURL(/\/customer\/customer\.html/);
}

export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'docs/screenshots');
/** Every run's screenshots, to look at after a run (test-results/ is not committed). */
export const RUN_SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results/screenshots');

/** The screenshots README.md and docs/ show: each must match what this build renders. */
const DOCUMENTED = documentedScreenshots(PROJECT_ROOT);

/**
 * What differs from one run to the next on any screen, whatever the build: times of day and dates,
 * Stripe's session ids, QR codes (of a hosted URL with a fresh token). Left out of the comparison.
 */
const PER_RUN = [
  // Today's times; a detail's start time and session id; its timeline (each step's label comes
  // after its time, so it moves with the time's width: AM or PM).
  '.session-row > .muted',
  '[data-testid="detail"] > p.muted',
  '[data-testid="timeline"]',
  // QR codes of a hosted URL (a fresh token each run).
  '[data-testid="qr"] img',
  '[data-testid="customer-qr"]',
];
/**
 * Tables whose columns and rows are sized by dates of this run (a month's name, a wrapped date):
 * from their top down to the bottom of the window, across their width, nothing can be compared.
 */
const PER_RUN_FROM_HERE_DOWN = ['.history-table'];

/**
 * The regions of `selectors` in image pixels (the viewport, after scrolling to the top); for
 * `fromHereDown`, from the element's top to the bottom of the window.
 */
async function regionsOf(
  page: Page,
  selectors: readonly string[],
  fromHereDown: readonly string[],
): Promise<Region[]> {
  if (selectors.length + fromHereDown.length === 0) return [];
  return (await page.evaluate(`(() => {
    const scale = window.devicePixelRatio || 1;
    const rects = (list) => list.length === 0 ? [] : [...document.querySelectorAll(list.join(', '))]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const down = rects(${JSON.stringify(fromHereDown)})
      .map((r) => ({ x: r.x, y: r.y, width: r.width, height: Math.max(r.height, window.innerHeight - r.y) }));
    return [...rects(${JSON.stringify(selectors)}), ...down]
      .map((r) => ({ x: r.x * scale, y: r.y * scale, width: r.width * scale, height: r.height * scale }));
  })()`)) as Region[];
}

/**
 * Screenshots of the main screens. Every run saves them to test-results/screenshots (so a broken
 * screen can be seen after any run). docs/screenshots, shown in the README, is written only when
 * an image is missing or with UPDATE_SCREENSHOTS=1; otherwise a screenshot the README or docs/
 * show is compared with the committed one and the test fails when they differ (beyond what
 * changes every run: `PER_RUN`, `PER_RUN_FROM_HERE_DOWN` and the caller's own), with the difference saved
 * as test-results/screenshots/NAME.diff.png.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: {
    perRun?: readonly string[];
    perRunFromHereDown?: readonly string[];
    /** Only this element (a selector; a dialog, say), with the regions left out moved to match. */
    of?: string;
  } = {},
): Promise<void> {
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  const write = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(file);
  // From the top of the page, as a person first sees the screen, with its fonts loaded.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  const regions = await regionsOf(
    page,
    [...PER_RUN, ...(options.perRun ?? [])],
    [...PER_RUN_FROM_HERE_DOWN, ...(options.perRunFromHereDown ?? [])],
  );
  const clip = options.of ? await page.locator(options.of).boundingBox() : null;
  if (options.of && !clip) throw new Error(`screenshot ${name}: ${options.of} is not on the screen`);
  const scale = clip ? ((await page.evaluate('window.devicePixelRatio || 1')) as number) : 1;
  const ignore = clip
    ? regions.map((r) => ({ ...r, x: r.x - clip.x * scale, y: r.y - clip.y * scale }))
    : regions;
  const image = await page.screenshot({
    fullPage: false,
    animations: 'disabled',
    caret: 'hide',
    ...(clip ? { clip } : {}),
  });
  mkdirSync(RUN_SCREENSHOT_DIR, { recursive: true });
  writeFileSync(join(RUN_SCREENSHOT_DIR, `${name}.png`), image);
  if (write) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(file, image);
    return;
  }
  if (!DOCUMENTED.has(name)) return;
  const result = compareScreenshots(readFileSync(file), image, ignore);
  if (result.diff) writeFileSync(join(RUN_SCREENSHOT_DIR, `${name}.diff.png`), result.diff);
  console.log(`screenshot: ${name} differing_pixels=${result.differing} regions_left_out=${ignore.length}`);
  if (result.differing > MAX_DIFF_PIXELS) {
    throw new Error(
      `docs/screenshots/${name}.png is not what this build renders: ${result.differing} pixels differ ` +
        `(at most ${MAX_DIFF_PIXELS}; test-results/screenshots/${name}.diff.png shows where). ` +
        'Run the test with UPDATE_SCREENSHOTS=1 to write the new one.',
    );
  }
}
