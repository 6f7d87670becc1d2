/**
 * What the accessibility and keyboard tests share: the station languages this build has, a way
 * to switch the station's language (both pages reload and must say it in `<html lang>`), and
 * the screens that are hard to stop on (the customer's "Opening…" is shown only until the
 * hosted page loads).
 */
import type { Page } from 'playwright-core';
import { LANGUAGE_TAGS, LANGUAGES, type Language } from '../../contract/languages.ts';
import type { Stage } from './e2e.ts';

const STAFF = { window: 'staff' } as const;

/**
 * Every language when the station has a language setting, else English alone (the app then
 * speaks only English).
 */
export async function stationLanguages(stage: Stage): Promise<Language[]> {
  const settings = await stage.harness.core.handlers['settings.get'](undefined, STAFF);
  return 'language' in settings ? [...LANGUAGES] : ['en'];
}

/** Sets the station's language and reloads both pages, which must then speak it. */
export async function useLanguage(stage: Stage, language: Language): Promise<void> {
  const settings = await stage.harness.core.handlers['settings.get'](undefined, STAFF);
  if (!('language' in settings)) {
    if (language !== 'en') throw new Error(`this build has no station language; cannot use ${language}`);
    return;
  }
  const update = stage.harness.core.handlers['settings.update'] as (
    args: Record<string, unknown>,
    context: typeof STAFF,
  ) => Promise<unknown>;
  await update({ language }, STAFF);
  for (const page of [stage.staff, stage.customer]) {
    await page.reload();
    await page.locator(`html[lang="${LANGUAGE_TAGS[language]}"]`).waitFor();
  }
  await stage.staff.getByTestId('start').and(stage.staff.locator(':enabled')).waitFor();
  await stage.customer.locator('[data-screen="welcome"]').waitFor();
}

/**
 * Keeps the customer page on "Opening the verification…": its way to the hosted flow
 * (`customer/flow`, which the harness answers with a redirect) gets a 204, so the browser stays
 * on the page. `release` then goes to the hosted flow as the page would have.
 */
export async function holdHostedFlow(customer: Page): Promise<{ release: () => Promise<void> }> {
  const pattern = '**/customer/flow';
  const asked = new Promise<void>((resolve) => {
    void customer.route(pattern, async (route) => {
      await route.fulfill({ status: 204 });
      resolve();
    });
  });
  return {
    release: async () => {
      await asked;
      await customer.unroute(pattern);
      await customer.goto(new URL('flow', customer.url()).href);
    },
  };
}

/** The staff row in a given state (kiosk references are random, so rows are found by state). */
export function rowInState(staff: Page, state: string) {
  return staff
    .locator('[data-testid="session-row"]', { has: staff.locator(`[data-state="${state}"]`) })
    .first();
}

export interface FocusStop {
  /** data-testid, else the tag and the first words of its text. */
  name: string;
  /** A focus ring a person can see: an outline of 2 px or more. */
  indicated: boolean;
  outline: string;
  rect: { top: number; bottom: number; left: number; right: number };
}

const FOCUS_STOP = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {
    name: e.getAttribute('data-testid') || [e.tagName.toLowerCase(), e.getAttribute('type'), e.getAttribute('name'), (e.textContent || '').trim().slice(0, 30)].filter(Boolean).join(' '),
    outline: s.outlineStyle + ' ' + s.outlineWidth,
    // Focus inside a control's own shadow tree (a date field's calendar button) is drawn by
    // the browser and cannot be measured from the page: the field itself is then not :focus.
    indicated: !e.matches(':focus') || s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    rect: { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
  };
})()`;

export async function focusStop(page: Page): Promise<FocusStop | null> {
  return (await page.evaluate(FOCUS_STOP)) as FocusStop | null;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, and returns every stop
 * on the way. With `indicated` (the app's own pages), each stop must show a focus ring.
 */
export async function tabTo(
  page: Page,
  selector: string,
  { back = false, max = 60, indicated = true }: { back?: boolean; max?: number; indicated?: boolean } = {},
): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const stop = await focusStop(page);
    if (stop) {
      stops.push(stop);
      if (indicated && !stop.indicated) {
        throw new Error(`no visible focus indicator on ${stop.name} (outline ${stop.outline})`);
      }
    }
    if (await page.evaluate(`!!document.activeElement?.matches(${JSON.stringify(selector)})`)) return stops;
  }
  throw new Error(`${selector} not reached in ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The focused element's data-testid (or its tag). */
export async function focused(page: Page): Promise<string> {
  return (await page.evaluate(
    `document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName.toLowerCase() || ''`,
  )) as string;
}

/** Starts a verification from the console's form, in whatever language the page speaks. */
export async function startByForm(staff: Page, reference: string): Promise<void> {
  await staff.locator('input[data-field="reference"]').fill(reference);
  await staff.getByTestId('start').click();
  await staff.locator('[data-testid="detail"] h2', { hasText: reference }).waitFor();
}

/**
 * Every visible button, link and field less than `min` px high (and, for the customer, wide); a
 * checkbox or radio button counts with its label, which takes its clicks too.
 */
export async function smallTargets(page: Page, min: number, wide = false): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('button, a[href], input, select, textarea')]
    .filter((e) => e.type !== 'hidden' && e.getClientRects().length > 0 && !e.classList.contains('skip-link'))
    .map((e) => [e, e.type === 'checkbox' || e.type === 'radio' ? e.closest('label') || e : e])
    .map(([e, t]) => [e.getAttribute('data-testid') || e.name || e.textContent.trim().slice(0, 30), t.getBoundingClientRect()])
    .filter(([, r]) => r.height < ${min} || (${wide} && r.width < ${min}))
    .map(([name, r]) => name + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))`)) as string[];
}
