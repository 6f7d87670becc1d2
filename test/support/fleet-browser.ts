/**
 * What every fleet-page test starts from: the built fleet page, an in-process hub on PGlite with
 * an admin password, the simulator as Stripe, and one Chromium page in a given locale that
 * collects every page error and console error (the page must run under its CSP without one).
 */
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../hub/src/db.ts';
import type { HubOptions, RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { launchChromium } from './e2e.ts';
import { fleetForTests } from './build-fleet.ts';
import { openPglite, startStripe, startTestHub } from './hub.ts';

export const FLEET_ADMIN_PASSWORD = 'correct-horse-battery';

export interface FleetBrowser {
  sim: RunningSimulator;
  db: Db;
  hub: RunningHub;
  browser: Browser;
  page: Page;
  /** Page errors and console errors, in order. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * `locale` sets navigator.languages and Accept-Language; omitted, Chromium's default. The page
 * shows times in the viewer's zone: `timezoneId` is that zone (UTC unless a test asks for
 * another), so no test depends on the machine's. `hubOptions` go to the test hub (a fixed clock).
 */
export async function startFleetBrowser(
  locale?: string,
  timezoneId = 'UTC',
  hubOptions: Partial<HubOptions> = {},
): Promise<FleetBrowser> {
  const fleetDir = await fleetForTests();
  const sim = await startStripe();
  const db = await openPglite();
  const hub = await startTestHub(sim, db, { adminPassword: FLEET_ADMIN_PASSWORD, fleetDir, ...hubOptions });
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    timezoneId,
    ...(locale ? { locale } : {}),
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${m.text()} (${m.location().url})`);
  });
  return {
    sim,
    db,
    hub,
    browser,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await hub.close();
      await sim.close();
    },
  };
}

/**
 * What differs from run to run on the fleet page (left out when its screenshots are compared):
 * the time of the overview, and an enrollment code and its expiry. The tables are sized by their
 * dates and ids (a month's name, a wrapped time), so from the first table down nothing is compared.
 */
export const FLEET_PER_RUN = {
  perRun: [
    'main > p.muted[aria-live]',
    '[data-testid="enrollment-code"]',
    '.note-ok .muted',
    // The date range's fields default to the last 30 days.
    'main input[type="date"]',
  ],
  perRunFromHereDown: ['main table'],
} as const;

/**
 * The fleet page in the stage's browser, beside a station's console (the e2e tests from the fleet
 * page to a station): its page errors and console errors go to the stage's, except the hub's
 * missing favicon and the refusals a test asks for (`expected`, matched on the message and url).
 */
export async function fleetPageBeside(
  stage: { browser: Browser; pageErrors: string[] },
  expected: (text: string, url: string) => boolean = () => false,
): Promise<Page> {
  const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const fleet = await context.newPage();
  fleet.on('pageerror', (e) => stage.pageErrors.push(e.message));
  fleet.on('console', (m) => {
    const url = m.location().url;
    // The hub serves no favicon: the browser's own request for one is not the page's error.
    if (m.type() === 'error' && !url.endsWith('/favicon.ico') && !expected(m.text(), url)) {
      stage.pageErrors.push(`${m.text()} (${url})`);
    }
  });
  return fleet;
}
