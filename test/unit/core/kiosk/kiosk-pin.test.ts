// The kiosk's staff PIN: its rules, the scrypt hash (salted, parameters stored, raised on the
// next correct PIN), and the limit on wrong tries on the manual clock, kept across a restart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CountersignError } from '../../../../contract/errors.ts';
import {
  DEFAULT_PIN_LOCKOUT,
  DEFAULT_SCRYPT_PARAMS,
  PIN_TRIES_KEY,
  STAFF_PIN_KEY,
  afterWrongPin,
  assertAcceptablePin,
  createStaffPin,
  hashPin,
  lockedUntil,
  lockoutMs,
  needsRehash,
  parsePinTries,
  parseStoredPin,
  trivialPinReason,
  verifyPin,
  type PinTriesState,
  type ScryptParams,
} from '../../../../main/core/kiosk/kiosk-pin.ts';
import { MemoryStore } from '../../../../main/core/storage/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

// Cheap parameters keep the suite fast; one test uses the real defaults.
/** The message a refused call throws with ('' when it is not refused). */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
const T0 = 1_764_561_187_000;

const invalidInput = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof CountersignError, 'a CountersignError');
  assert.equal(error.code, 'invalid_input');
  assert.match(error.message, pattern);
  return true;
};

describe('the PIN rules', () => {
  test('4 to 8 ASCII digits', () => {
    for (const pin of ['4827', '59173', '305816', '9402751', '73914682'])
      assert.doesNotThrow(() => assertAcceptablePin(pin));
    assert.throws(() => assertAcceptablePin('482'), invalidInput(/4 to 8 digits/));
    assert.throws(() => assertAcceptablePin('482719364'), invalidInput(/4 to 8 digits/));
    assert.throws(() => assertAcceptablePin(''), invalidInput(/4 to 8 digits/));
    for (const bad of ['48a7', '48 27', '-4827', '4827\n', '٤٨٢٧', '４８２７', '48.7'])
      assert.throws(() => assertAcceptablePin(bad), invalidInput(/only contain digits/), bad);
    assert.throws(() => assertAcceptablePin(4827), invalidInput(/only contain digits/));
    assert.throws(() => assertAcceptablePin(null), invalidInput(/only contain digits/));
  });

  test('trivial PINs are refused with the reason', () => {
    const cases: Array<[string, RegExp]> = [
      ['0000', /repeats one digit/],
      ['11111111', /repeats one digit/],
      ['1234', /run of digits/],
      ['0123', /run of digits/],
      ['12345678', /run of digits/],
      ['4321', /run of digits/],
      ['987654', /run of digits/],
      ['7890', /run of digits/],
      ['1212', /repeats a shorter pattern/],
      ['123123', /repeats a shorter pattern/],
      ['20252025', /repeats a shorter pattern/],
      ['2580', /most common/],
      ['6969', /repeats a shorter pattern/],
      ['1004', /most common/],
    ];
    for (const [pin, reason] of cases) {
      assert.match(trivialPinReason(pin) ?? '', reason, pin);
      assert.throws(() => assertAcceptablePin(pin), invalidInput(/too easy to guess.*0000 or 1234/), pin);
    }
  });

  test('ordinary PINs are not taken for trivial ones', () => {
    for (const pin of ['4827', '1235', '1243', '9182', '12341235', '0987612', '1122334'])
      assert.equal(trivialPinReason(pin), null, pin);
  });
});

describe('the hash', () => {
  test('stores a salt and its parameters, never the PIN, and verifies', async () => {
    const stored = await hashPin('4827', FAST);
    assert.deepEqual(
      { algorithm: stored.algorithm, N: stored.N, r: stored.r, p: stored.p, keyLength: stored.keyLength },
      { algorithm: 'scrypt', ...FAST },
    );
    assert.equal(Buffer.from(stored.salt, 'base64').length, 16);
    assert.equal(Buffer.from(stored.hash, 'base64').length, 32);
    assert.ok(!JSON.stringify(stored).includes('4827'));
    assert.equal(await verifyPin('4827', stored), true);
    assert.equal(await verifyPin('4828', stored), false);
    assert.equal(await verifyPin('48270', stored), false);
    assert.equal(await verifyPin('', stored), false);
    assert.deepEqual(parseStoredPin(JSON.parse(JSON.stringify(stored))), stored);
  });

  test('the same PIN gets a new salt and a new hash each time', async () => {
    const a = await hashPin('4827', FAST);
    const b = await hashPin('4827', FAST);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.hash, b.hash);
  });

  test('the default parameters work within Node’s memory limit for scrypt', async () => {
    const stored = await hashPin('590317', DEFAULT_SCRYPT_PARAMS);
    assert.equal(stored.N, 2 ** 15);
    assert.equal(await verifyPin('590317', stored), true);
  });

  test('a trivial PIN is never hashed', async () => {
    await assert.rejects(hashPin('1234', FAST), invalidInput(/too easy/));
  });

  test('weaker stored parameters are flagged for a rehash', async () => {
    const stored = await hashPin('4827', FAST);
    assert.equal(needsRehash(stored, FAST), false);
    assert.equal(needsRehash(stored, { ...FAST, N: 2 ** 11 }), true);
    assert.equal(needsRehash(stored, { ...FAST, keyLength: 64 }), true);
  });

  test('a damaged or hostile stored value is not a PIN', async () => {
    const good = await hashPin('4827', FAST);
    for (const bad of [
      undefined,
      null,
      '4827',
      { ...good, algorithm: 'md5' },
      { ...good, N: 1000 }, // not a power of two
      { ...good, N: 2 ** 30 }, // would stall the app
      { ...good, r: 0 },
      { ...good, p: 1000 },
      { ...good, salt: 'c2FsdA==' }, // 4 bytes
      { ...good, hash: Buffer.alloc(16).toString('base64') }, // not keyLength
      { ...good, hash: 'not base64!' },
    ])
      assert.equal(parseStoredPin(bad), null, JSON.stringify(bad));
  });
});

describe('wrong tries (pure)', () => {
  test('three free tries, then 30 s, 1 min, 2 min… capped at 15 min', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 5000].map((n) => lockoutMs(n)),
      [0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000],
    );
    assert.equal(DEFAULT_PIN_LOCKOUT.freeTries, 3);
  });

  test('the third wrong PIN locks for 30 s; the lock ends exactly then', () => {
    let state: PinTriesState = { failures: 0, lockedUntil: null };
    state = afterWrongPin(state, T0);
    state = afterWrongPin(state, T0 + 1000);
    assert.equal(lockedUntil(state, T0 + 1000), null);
    state = afterWrongPin(state, T0 + 2000);
    assert.equal(lockedUntil(state, T0 + 2000), T0 + 32_000);
    assert.equal(lockedUntil(state, T0 + 31_999), T0 + 32_000);
    assert.equal(lockedUntil(state, T0 + 32_000), null);
  });

  test('a wall clock set back does not stretch the lockout', () => {
    const state: PinTriesState = { failures: 3, lockedUntil: T0 + 30_000 };
    const aDayEarlier = T0 - 86_400_000;
    assert.equal(lockedUntil(state, aDayEarlier), aDayEarlier + 30_000);
  });

  test('a damaged stored state uses up the free tries instead of granting fresh ones', () => {
    assert.deepEqual(parsePinTries(undefined), { failures: 0, lockedUntil: null });
    assert.deepEqual(parsePinTries({ failures: 2, lockedUntil: null }), { failures: 2, lockedUntil: null });
    for (const bad of [
      'x',
      null,
      { failures: -1, lockedUntil: null },
      { failures: 1.5 },
      { failures: 4, lockedUntil: 'soon' },
    ])
      assert.deepEqual(parsePinTries(bad), { failures: 3, lockedUntil: null }, JSON.stringify(bad));
  });
});

describe('the staff PIN on a store and a clock', () => {
  const make = (store = new MemoryStore(), clock = new ManualClock(T0)) => ({
    store,
    clock,
    pin: createStaffPin({ store, clock, params: FAST }),
  });

  const lockedError = (seconds: number) => (error: unknown) => {
    assert.ok(error instanceof CountersignError);
    assert.equal(error.code, 'invalid_state');
    assert.equal(error.retryable, true);
    assert.equal(error.detail.retryAfterSeconds, seconds);
    assert.match(error.message, /Too many wrong PINs/);
    return true;
  };

  test('no PIN set: checking says to set one in Settings', async () => {
    const { pin } = make();
    assert.equal(pin.isSet(), false);
    await assert.rejects(pin.check('4827'), (e: unknown) => {
      assert.ok(e instanceof CountersignError);
      assert.equal(e.code, 'invalid_state');
      assert.match(e.message, /Settings/);
      return true;
    });
  });

  test('set and check; a trivial PIN is refused and the old one kept', async () => {
    const { pin, store } = make();
    await pin.set('4827');
    assert.equal(pin.isSet(), true);
    assert.ok(parseStoredPin(store.get(STAFF_PIN_KEY)));
    await assert.rejects(pin.set('0000'), invalidInput(/too easy/));
    assert.deepEqual(await pin.check('4827'), { ok: true });
    pin.clear();
    assert.equal(pin.isSet(), false);
  });

  test('wrong PINs: tries left, then growing lockouts; even the right PIN is refused while locked; success resets', async () => {
    const { pin, clock } = make();
    await pin.set('4827');
    assert.deepEqual(await pin.check('1111'), { ok: false, triesBeforeLockout: 2, lockedUntil: null });
    assert.deepEqual(await pin.check('2222'), { ok: false, triesBeforeLockout: 1, lockedUntil: null });
    assert.deepEqual(await pin.check('3333'), { ok: false, triesBeforeLockout: 0, lockedUntil: T0 + 30_000 });

    // Locked: even the right PIN is not looked at.
    await assert.rejects(pin.check('4827'), lockedError(30));
    assert.match(await refusal(pin.check('4827')), /30 seconds/);
    clock.advance(29_000);
    await assert.rejects(pin.check('4827'), lockedError(1));
    clock.advance(1000);
    assert.equal(pin.lockedUntil(), null);

    // The next wrong PIN locks at once, for twice as long.
    assert.deepEqual(await pin.check('5555'), {
      ok: false,
      triesBeforeLockout: 0,
      lockedUntil: clock.now() + 60_000,
    });
    assert.match(await refusal(pin.check('4827')), /1 minute\b/);
    clock.advance(60_000);
    assert.deepEqual(await pin.check('6666'), {
      ok: false,
      triesBeforeLockout: 0,
      lockedUntil: clock.now() + 120_000,
    });
    assert.match(await refusal(pin.check('4827')), /2 minutes/);
    clock.advance(120_000);

    // A correct PIN resets: three free tries again.
    assert.deepEqual(await pin.check('4827'), { ok: true });
    assert.deepEqual(await pin.check('1111'), { ok: false, triesBeforeLockout: 2, lockedUntil: null });
  });

  test('a restart does not end a lockout (the state is in the store)', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0);
    const first = createStaffPin({ store, clock, params: FAST });
    await first.set('4827');
    for (const wrong of ['1111', '2222', '3333']) await first.check(wrong);

    const afterRestart = createStaffPin({ store, clock, params: FAST });
    clock.advance(10_000);
    assert.equal(afterRestart.lockedUntil(), T0 + 30_000);
    await assert.rejects(afterRestart.check('4827'), lockedError(20));
    assert.deepEqual(store.get(PIN_TRIES_KEY), { failures: 3, lockedUntil: T0 + 30_000 });
  });

  test('setting a new PIN starts the tries afresh', async () => {
    const { pin } = make();
    await pin.set('4827');
    for (const wrong of ['1111', '2222', '3333']) await pin.check(wrong);
    await pin.set('590317');
    assert.equal(pin.lockedUntil(), null);
    assert.deepEqual(await pin.check('590317'), { ok: true });
  });

  test('a hash made with lower parameters verifies and is raised after a correct PIN', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0);
    await createStaffPin({ store, clock, params: FAST }).set('4827');
    const stronger: ScryptParams = { ...FAST, N: 2 ** 11 };
    const pin = createStaffPin({ store, clock, params: stronger });
    assert.deepEqual(await pin.check('9999'), { ok: false, triesBeforeLockout: 2, lockedUntil: null });
    assert.equal(parseStoredPin(store.get(STAFF_PIN_KEY))?.N, 2 ** 10, 'a wrong PIN rewrites nothing');
    assert.deepEqual(await pin.check('4827'), { ok: true });
    assert.equal(parseStoredPin(store.get(STAFF_PIN_KEY))?.N, 2 ** 11);
    assert.deepEqual(await pin.check('4827'), { ok: true });
  });
});
