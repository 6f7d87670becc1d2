/**
 * Issue 9 in the core: the staff PIN (set by staff, checked from the kiosk, wrong tries limited on
 * the injected clock), the walk-away (the screen resets and a waiting session is canceled, with
 * its reason in the timeline and the kiosk journal), the call for help (one press, one call), the
 * customer's language (forgotten with the next customer) and references that never repeat.
 * Against the simulator over HTTP, on a manual clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKioskReferences } from '../../../main/core/kiosk/index.ts';
import { HELP_REPEAT_MS } from '../../../main/core/kiosk/index.ts';
import { startSimulator } from '../../../main/simulator/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { startTestCore, type TestCore } from '../../support/app-core.ts';

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never happened: ${what}`);
}

function kioskCore(clock: ManualClock): Promise<TestCore> {
  return startTestCore({
    kiosk: true,
    station: 'kiosk-1',
    clock,
    startSimulator: () => startSimulator({ processingDelayMs: 20, now: clock.now }),
  });
}

describe('kiosk: the staff PIN', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
  let t: TestCore;
  const unlocked: number[] = [];
  before(async () => {
    t = await kioskCore(clock);
    t.core.onKioskUnlocked(() => unlocked.push(clock.now()));
  });
  after(() => t.close());

  it('is set by staff (test/unit/contract.test.ts: staff only); an easy PIN is refused with the reason', async () => {
    assert.deepEqual(await t.call('kiosk.unlock', { pin: '4826' }, 'customer'), { outcome: 'no_pin' });
    await assert.rejects(t.call('kiosk.setPin', { pin: '1234' }), (e: Error) => /too easy/.test(e.message));
    await assert.rejects(t.call('kiosk.setPin', { pin: '12a4' }), (e: Error) =>
      /4 to 8 digits/.test(e.message),
    );
    assert.deepEqual(await t.call('kiosk.setPin', { pin: '4826' }), { pinSet: true });
    assert.equal((await t.call('kiosk.status', {})).pinSet, true);
  });

  it('wrong PINs lock the pad on the clock; the right PIN then unlocks and opens the console', async () => {
    assert.deepEqual(await t.call('kiosk.unlock', { pin: '1111' }, 'customer'), {
      outcome: 'wrong',
      triesBeforeLockout: 2,
      retryAfterSeconds: null,
    });
    await t.call('kiosk.unlock', { pin: '2222' }, 'customer');
    const third = await t.call('kiosk.unlock', { pin: '3333' }, 'customer');
    assert.deepEqual(third, { outcome: 'wrong', triesBeforeLockout: 0, retryAfterSeconds: 30 });
    // Locked: even the right PIN is not checked.
    assert.deepEqual(await t.call('kiosk.unlock', { pin: '4826' }, 'customer'), {
      outcome: 'locked',
      retryAfterSeconds: 30,
    });
    assert.equal((await t.call('kiosk.status', {})).lockedForSeconds, 30);
    assert.equal(unlocked.length, 0);
    clock.advance(10_000);
    assert.deepEqual(await t.call('kiosk.unlock', { pin: '4826' }, 'customer'), {
      outcome: 'locked',
      retryAfterSeconds: 20,
    });
    clock.advance(20_000);
    assert.deepEqual(await t.call('kiosk.unlock', { pin: '4826' }, 'customer'), { outcome: 'unlocked' });
    assert.deepEqual(unlocked, [clock.now()]);
    const journal = (await t.call('kiosk.status', {})).journal.map((e) => e.type);
    assert.deepEqual(journal, ['staff_unlocked', 'pin_locked_out']);
  });
});

describe('kiosk: a customer who walks away', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
  let t: TestCore;
  before(async () => {
    t = await kioskCore(clock);
    await t.call('settings.update', { kioskWalkAwaySeconds: 30 });
  });
  after(() => t.close());

  // The screen is read as staff would: a call from the customer window is the customer's input.
  const screen = async () => (await t.call('customer.state', {})).screen;

  it('mid-flow: input keeps it; 30 s without any resets the screen and cancels the session', async () => {
    await t.call('customer.begin', {}, 'customer');
    const [session] = t.sim().sessions();
    assert.ok(session);
    clock.advance(29_000);
    assert.equal(await screen(), 'in_flow');
    t.core.customerActivity(); // main saw a tap on the hosted page
    clock.advance(29_000);
    assert.equal(await screen(), 'in_flow');
    clock.advance(1_000);
    await until('the screen is back on welcome', () => t.last('customer.changed')?.screen === 'welcome');
    await until('the session is canceled', () => t.sim().sessions()[0]?.status === 'canceled');
    const detail = await t.call('sessions.get', { id: session.id });
    assert.equal(detail.session.status, 'canceled');
    const steps = detail.timeline.map((s) => s.type);
    assert.ok(steps.includes('customer_walked_away'), steps.join(','));
    assert.ok(steps.indexOf('customer_walked_away') < steps.lastIndexOf('canceled'), steps.join(','));
    const journal = (await t.call('kiosk.status', {})).journal;
    assert.deepEqual(
      journal.map((e) => [e.type, e.sessionId]),
      [['customer_walked_away', session.id]],
    );
  });

  it('never while Stripe checks, and 0 turns it off', async () => {
    await t.call('settings.update', { kioskWalkAwaySeconds: 0 });
    await t.call('customer.begin', {}, 'customer');
    clock.advance(10 * 60_000);
    assert.equal(await screen(), 'in_flow');
    await assert.rejects(t.call('settings.update', { kioskWalkAwaySeconds: 3 }), /0 \(off\) or 5 seconds/);
    // Turned back on: it applies to the screen shown now.
    await t.call('settings.update', { kioskWalkAwaySeconds: 30 });
    clock.advance(30_000);
    await until('reset', () => t.last('customer.changed')?.screen === 'welcome');
  });
});

describe('kiosk: need help, language, references', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
  let t: TestCore;
  before(async () => {
    t = await kioskCore(clock);
  });
  after(() => t.close());

  it('"Need help?" pressed in a burst is one call; it is in the journal and the session timeline', async () => {
    await t.call('customer.begin', {}, 'customer');
    const id = t.sim().sessions()[0]!.id;
    const first = await t.call('customer.help', {}, 'customer');
    assert.deepEqual(first, { calledAt: clock.now(), repeated: false });
    clock.advance(5_000);
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await t.call('customer.help', {}, 'customer'), { ...first, repeated: true });
    }
    clock.advance(HELP_REPEAT_MS);
    assert.equal((await t.call('customer.help', {}, 'customer')).repeated, false);
    // The next customer's press is a call of its own, however soon it comes.
    await t.call('customer.done', {}, 'customer');
    assert.equal((await t.call('customer.help', {}, 'customer')).repeated, false);
    const journal = (await t.call('kiosk.status', {})).journal;
    assert.deepEqual(
      journal.map((e) => [e.type, e.sessionId]),
      [
        ['help_requested', null],
        ['help_requested', id],
        ['help_requested', id],
      ],
    );
    const steps = (await t.call('sessions.get', { id })).timeline.map((s) => s.type);
    assert.ok(steps.includes('help_requested'), steps.join(','));
  });

  it('the customer’s language lasts for that customer and is forgotten at welcome', async () => {
    assert.equal((await t.call('customer.state', {}, 'customer')).chosenLanguage, null);
    const chosen = await t.call('customer.setLanguage', { language: 'ja' }, 'customer');
    assert.equal(chosen.chosenLanguage, 'ja');
    assert.equal(t.core.customerLanguage(), 'ja');
    // Begin keeps it: the hosted flow opens in Japanese.
    assert.equal((await t.call('customer.begin', {}, 'customer')).chosenLanguage, 'ja');
    assert.equal(t.core.customerLanguage(), 'ja');
    await assert.rejects(t.call('customer.setLanguage', { language: 'fr' }, 'customer'));
    const next = await t.call('customer.done', {}, 'customer');
    assert.equal(next.screen, 'welcome');
    assert.equal(next.chosenLanguage, null);
    assert.equal(t.core.customerLanguage(), 'en', 'the next customer starts in the station’s language');
  });

  it('10,000 kiosk references made in the same minute are all different', () => {
    const references = createKioskReferences('kiosk-1');
    const now = Date.UTC(2026, 11, 1, 9, 30);
    const made = new Set(Array.from({ length: 10_000 }, () => references.next(now)));
    assert.equal(made.size, 10_000);
    for (const ref of made) assert.match(ref, /^Kiosk kiosk-1 \d{4}-\d\d-\d\d \d\d:\d\d [2-9A-HJ-NP-Z]{6}$/);
  });

  it('a suffix drawn twice in a minute is drawn again, not given twice', () => {
    const draws = ['AAAAAA', 'AAAAAA', 'AAAAAA', 'BBBBBB'];
    const references = createKioskReferences('kiosk-1', () => draws.shift() ?? 'CCCCCC');
    const now = Date.UTC(2026, 11, 1, 9, 30);
    const [a, b] = [references.next(now), references.next(now)];
    assert.notEqual(a, b);
    assert.ok(a.endsWith('AAAAAA') && b.endsWith('BBBBBB'));
  });
});
