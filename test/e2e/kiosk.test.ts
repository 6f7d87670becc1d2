/**
 * Issue 9 end to end, in every language the app speaks (one loop): a kiosk's customer runs the
 * day unattended in their own language (attract → begin → a failure → retry → verified → thank
 * you → reset to the station's language), reaches the attempt cap and is sent to staff, walks away
 * mid-flow (the screen resets and the session is canceled), calls staff with "Need help?", and
 * staff leave the kiosk with the PIN (a wrong PIN, a lockout, the right PIN opens the console).
 * The hosted page is opened with the customer's Accept-Language (the harness records it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { LANGUAGE_TAGS, LANGUAGES, type Language } from '../../contract/languages.ts';
import type { MethodName } from '../../contract/ipc.ts';
import { acceptLanguageFor } from '../../main/shell/hosted-language.ts';
import { PROJECT_ROOT } from '../harness/build-renderer.ts';
import { completeHostedFlow, openStage, screenshot, type Stage } from '../support/e2e.ts';

type Catalogue = Record<string, unknown>;
const catalogue = (language: Language, ns: 'customer' | 'kiosk'): Catalogue =>
  JSON.parse(
    readFileSync(join(PROJECT_ROOT, `renderer/src/shared/i18n/locales/${language}/${ns}.json`), 'utf8'),
  );
/** A plain (non-ICU) string of a catalogue, by its dotted key. */
const text = (c: Catalogue, key: string): string => {
  const value = key.split('.').reduce<unknown>((o, k) => (o as Catalogue)[k], c);
  assert.equal(typeof value, 'string', key);
  return value as string;
};

describe('e2e: the kiosk runs a shop day unattended', () => {
  let stage: Stage;
  let customer: Page;
  /** Staff calls made the way the console makes them (the staff page is the harness's too). */
  const staffCall = (method: MethodName, args: unknown = {}) =>
    (stage.harness.core.handlers[method] as (a: unknown, c: { window: 'staff' }) => Promise<unknown>)(args, {
      window: 'staff',
    });

  before(async () => {
    stage = await openStage({ kiosk: true, station: 'kiosk-1' });
    customer = stage.customer;
  });
  after(async () => {
    await stage?.close();
  });

  const atWelcome = () => customer.locator('[data-screen="welcome"]').waitFor();
  const title = async () => (await customer.getByTestId('customer-title').textContent()) ?? '';

  /** The customer picks `language` with the language button (always an explicit choice). */
  async function choose(language: Language) {
    const n = LANGUAGES.length;
    let current = (await customer.getByTestId('customer').getAttribute('data-language')) as Language;
    const steps =
      current === language ? n : (LANGUAGES.indexOf(language) - LANGUAGES.indexOf(current) + n) % n;
    for (let i = 0; i < steps; i++) {
      const next = LANGUAGES[(LANGUAGES.indexOf(current) + 1) % n] as Language;
      await customer.getByTestId('language-button').click();
      await customer.locator(`[data-testid="customer"][data-language="${next}"]`).waitFor();
      current = next;
    }
    assert.equal(await customer.getAttribute('html', 'lang'), LANGUAGE_TAGS[language]);
  }

  async function begin() {
    await customer.getByTestId('customer-begin').click();
    await customer.waitForURL(/\/hosted\//);
  }

  /**
   * Japanese breaks between phrases, never inside a word: the guidance's lead says its rules
   * (line-break: strict, word-break: auto-phrase), and `phrase` stays on one line at every width
   * from 7 to 24 characters (each character's line box, by Range.getClientRects). Without the
   * rules Chromium breaks between any two kanji (有効|期限内) at some of these widths.
   */
  async function japaneseLineBreaking(page: Page, phrase: string) {
    // A string: the tests are type-checked without the DOM's types.
    const found = (await page.evaluate(`(() => {
      const phrase = ${JSON.stringify(phrase)};
      const lead = document.querySelector('[data-testid="guidance"] p.lead');
      const style = getComputedStyle(lead);
      const text = [...lead.childNodes].find(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes(phrase),
      );
      const at = text.textContent.indexOf(phrase);
      const range = document.createRange();
      const split = [];
      const saved = lead.getAttribute('style');
      for (let width = 7; width <= 24; width += 0.25) {
        lead.style.setProperty('width', width + 'em');
        lead.style.setProperty('max-width', 'none');
        const tops = new Set();
        for (let i = 0; i < phrase.length; i++) {
          range.setStart(text, at + i);
          range.setEnd(text, at + i + 1);
          tops.add(Math.round(range.getClientRects()[0].top));
        }
        if (tops.size > 1) split.push(width + 'em');
      }
      if (saved === null) lead.removeAttribute('style');
      else lead.setAttribute('style', saved);
      return { lineBreak: style.lineBreak, wordBreak: style.wordBreak, split };
    })()`)) as { lineBreak: string; wordBreak: string; split: string[] };
    assert.equal(found.lineBreak, 'strict');
    assert.equal(found.wordBreak, 'auto-phrase');
    assert.deepEqual(found.split, [], `${phrase} broke across lines at these widths`);
  }

  for (const language of LANGUAGES) {
    const c = catalogue(language, 'customer');
    const k = catalogue(language, 'kiosk');

    describe(`in ${language}`, () => {
      it('attract → begin → a failure → retry → verified → thank you → back to the station’s language', async () => {
        await atWelcome();
        await choose(language);
        assert.equal(await title(), text(c, 'welcome.title'));
        const needed = (await customer.getByTestId('welcome-needed').textContent()) ?? '';
        for (const d of ['passport', 'drivingLicence', 'nationalId', 'residenceCard'])
          assert.ok(needed.includes(text(c, `welcome.${d}`)), d);
        const privacy = (await customer.getByTestId('welcome-privacy').textContent()) ?? '';
        assert.ok(privacy.includes(text(c, 'welcome.privacyKept')));
        // The kiosk's page rules are in force: nothing on the screen can be selected.
        assert.equal(await customer.evaluate('getComputedStyle(document.body).userSelect'), 'none');
        await screenshot(customer, `kiosk-welcome-${language}`);

        const before = stage.harness.hostedRequests.length;
        await begin();
        const hosted = stage.harness.hostedRequests.slice(before);
        assert.ok(hosted.length > 0);
        for (const r of hosted) assert.equal(r.acceptLanguage, acceptLanguageFor(language), r.path);

        await completeHostedFlow(customer, 'document_expired');
        const guidance = customer.getByTestId('guidance');
        await guidance.waitFor();
        assert.equal(await guidance.getAttribute('data-code'), 'document_expired');
        assert.equal(await customer.getByTestId('customer-retry').textContent(), text(c, 'retry'));
        assert.equal(await customer.getByTestId('customer-stop').textContent(), text(c, 'stop'));
        assert.equal(await customer.getAttribute('html', 'lang'), LANGUAGE_TAGS[language]);
        await screenshot(customer, `kiosk-guidance-${language}`);
        if (language === 'ja') await japaneseLineBreaking(customer, '有効期限内');

        await customer.getByTestId('customer-retry').click();
        await customer.waitForURL(/\/hosted\//);
        await completeHostedFlow(customer, 'verified');
        await customer.locator('[data-screen="verified"]').waitFor({ timeout: 15_000 });
        assert.equal(await title(), text(c, 'verified.title'));
        await screenshot(customer, `kiosk-thank-you-${language}`);

        await customer.getByTestId('customer-done').click();
        await atWelcome();
        // The next customer starts in the station's language.
        await customer.locator('[data-testid="customer"][data-language="en"]').waitFor();
        assert.equal(await customer.getAttribute('html', 'lang'), LANGUAGE_TAGS.en);
      });

      it('the attempt cap reached: the customer is asked to see staff', async () => {
        await staffCall('settings.update', { maxAttempts: 1 });
        try {
          await atWelcome();
          await choose(language);
          await begin();
          await completeHostedFlow(customer, 'document_expired');
          await customer.getByTestId('ask-staff').waitFor();
          assert.equal(await title(), text(c, 'askStaff.title'));
          assert.equal(await customer.getByTestId('customer-retry').count(), 0);
          await screenshot(customer, `kiosk-ask-staff-${language}`);
          await customer.getByTestId('customer-done').click();
          await atWelcome();
        } finally {
          await staffCall('settings.update', { maxAttempts: 3 });
        }
      });

      it('a customer who walks away mid-flow: the screen resets and the session is canceled', async () => {
        await staffCall('settings.update', { kioskWalkAwaySeconds: 5 });
        try {
          await atWelcome();
          await choose(language);
          await begin();
          // No input from here on: the kiosk gives up after 5 s and goes back to welcome.
          await customer.waitForURL(/\/customer\/customer\.html/, { timeout: 20_000 });
          await atWelcome();
          const status = (await staffCall('kiosk.status')) as {
            journal: Array<{ type: string; sessionId: string }>;
          };
          const walked = status.journal[0];
          assert.equal(walked?.type, 'customer_walked_away');
          const detail = (await staffCall('sessions.get', { id: walked.sessionId })) as {
            session: { status: string };
            timeline: Array<{ type: string }>;
          };
          assert.equal(detail.session.status, 'canceled');
          assert.ok(detail.timeline.some((s) => s.type === 'customer_walked_away'));
        } finally {
          await staffCall('settings.update', { kioskWalkAwaySeconds: 120 });
        }
      });

      it('"Need help?" calls staff once, with a banner the customer can read', async () => {
        await atWelcome();
        await choose(language);
        const calls = async () =>
          ((await staffCall('kiosk.status')) as { journal: Array<{ type: string }> }).journal.filter(
            (e) => e.type === 'help_requested',
          ).length;
        const before = await calls();
        await customer.getByTestId('help-button').click();
        const banner = customer.locator('[data-testid="help-banner"][data-state="called"]');
        await banner.waitFor();
        assert.equal(await banner.textContent(), text(k, 'help.called'));
        await customer.getByTestId('help-button').click();
        await customer.getByTestId('help-button').click();
        assert.equal(await calls(), before + 1, 'a burst of presses is one call');
        await screenshot(customer, `kiosk-help-called-${language}`);
      });

      it('staff leave the kiosk with the PIN: wrong PIN, lockout, then the right PIN opens the console', async () => {
        await staffCall('kiosk.setPin', { pin: '4826' });
        await customer.goto(stage.harness.customerUrl);
        await atWelcome();
        await choose(language);
        // The hidden gesture: five taps in the top-left corner.
        for (let i = 0; i < 5; i++) await customer.mouse.click(12, 12);
        const pad = customer.getByTestId('pin-pad');
        await pad.waitFor();
        const typePin = async (pin: string, staysOnPad = true) => {
          for (const d of pin) await customer.getByTestId(`pin-key-${d}`).click();
          assert.equal(
            await customer.getByTestId('pin-entry').getAttribute('data-length'),
            String(pin.length),
          );
          await customer.getByTestId('pin-submit').click();
          // The pad empties once the core has answered.
          if (staysOnPad) await customer.locator('[data-testid="pin-entry"][data-length="0"]').waitFor();
        };
        await typePin('1111');
        const error = customer.getByTestId('pin-error');
        await customer.locator('[data-testid="pin-error"][data-kind="wrong"]').waitFor();
        assert.ok(((await error.textContent()) ?? '').startsWith(text(k, 'pin.wrong')));
        await typePin('2222');
        await typePin('3333');
        // The third wrong PIN locks the pad: its keys are off and it counts down.
        await customer.locator('[data-testid="pin-key-1"]:disabled').waitFor();
        assert.match((await error.textContent()) ?? '', /(30|29)/);
        // The countdown's seconds depend on when the picture is taken: its line is left out.
        await screenshot(customer, `kiosk-pin-pad-${language}`, { perRun: ['[data-testid="pin-error"]'] });
        // Staff at another station set the PIN again (this also ends the lockout).
        await staffCall('kiosk.setPin', { pin: '4826' });
        await customer.getByTestId('pin-cancel').click();
        for (let i = 0; i < 5; i++) await customer.mouse.click(12, 12);
        await typePin('4826', false);
        // The right PIN: the staff console opens (main opens its window; the harness, this page).
        await customer.waitForURL(/\/staff\/staff\.html/);
        await customer.getByTestId('tab-settings').click();
        const journal = customer.getByTestId('kiosk-journal');
        await journal.waitFor();
        assert.equal(await journal.locator('li').first().getAttribute('data-type'), 'staff_unlocked');
        await customer.goto(stage.harness.customerUrl);
        await atWelcome();
      });
    });
  }

  it('staff set the kiosk up in Settings: bad values are refused in words, good ones saved', async () => {
    const { staff } = stage;
    const k = catalogue('en', 'kiosk');
    await staff.getByTestId('tab-settings').click();
    const panel = staff.getByTestId('kiosk-settings');
    await panel.waitFor();
    // An easy PIN: the core refuses it and says why.
    await panel.getByLabel(text(k, 'settings.pinLabel')).fill('1234');
    await panel.getByTestId('kiosk-pin-save').click();
    await panel.getByTestId('error').waitFor();
    assert.match((await panel.getByTestId('error').textContent()) ?? '', /too easy to guess/);
    await panel.getByLabel(text(k, 'settings.pinLabel')).fill('12');
    await panel.getByTestId('kiosk-pin-save').click();
    await panel.getByText(text(k, 'settings.pinInvalid')).waitFor();
    // Walk-away time and time zone out of bounds: refused before anything is sent.
    await panel.getByLabel(text(k, 'settings.walkAwayLabel')).fill('3');
    await panel.getByLabel(text(k, 'settings.timeZoneLabel')).fill('Mars/Olympus');
    await panel.getByTestId('kiosk-settings-save').click();
    await panel.getByText(text(k, 'settings.walkAwayInvalid')).waitFor();
    await panel.getByText(text(k, 'settings.timeZoneInvalid')).waitFor();
    // Good values are saved.
    await panel.getByLabel(text(k, 'settings.walkAwayLabel')).fill('90');
    await panel.getByLabel(text(k, 'settings.timeZoneLabel')).fill('Asia/Tokyo');
    const monday = panel.locator('[data-day="mon"] input');
    await monday.nth(0).fill('09:00');
    await monday.nth(1).fill('18:30');
    await panel.getByTestId('kiosk-settings-save').click();
    await panel.getByText(text(k, 'settings.saved')).waitFor();
    const saved = (await staffCall('settings.get')) as Record<string, unknown>;
    assert.equal(saved.kioskWalkAwaySeconds, 90);
    assert.equal(saved.kioskTimeZone, 'Asia/Tokyo');
    assert.deepEqual(saved.kioskOpeningHours, { mon: [{ open: '09:00', close: '18:30' }] });
    await screenshot(staff, 'kiosk-settings');
    await staffCall('settings.update', {
      kioskWalkAwaySeconds: 120,
      kioskOpeningHours: null,
      kioskTimeZone: '',
    });
  });

  it('the page printed no errors', () => {
    assert.deepEqual(stage.pageErrors, []);
  });

  it('no PIN, client_secret or hosted url reached a page or the log', () => {
    const sent = JSON.stringify(stage.harness.sent);
    const logged = stage.harness.coreLog.join('\n');
    for (const [where, text] of [
      ['sent to a page', sent],
      ['logged', logged],
    ] as const) {
      assert.ok(!text.includes('_secret_'), `${where}: a client_secret`);
      assert.ok(!text.includes('/hosted/'), `${where}: a hosted url`);
      assert.ok(!/"pin"|pin=/i.test(text), `${where}: a PIN field`);
    }
    // The kiosk's journal is there instead, with no personal data.
    assert.ok(logged.includes('customer walked away'));
  });
});
