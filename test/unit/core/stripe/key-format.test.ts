import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCountersignError } from '../../../../contract/errors.ts';
import { maskKey, normalizeKey, parseKey } from '../../../../main/core/stripe/index.ts';

const BODY = 'Ab3dEf6hIj9kLm2nOp5qRs8t';

/** Asserts a key_malformed error whose message helps and does not repeat the input. */
function assertMalformed(input: unknown): void {
  assert.throws(
    () => parseKey(input),
    (error: unknown) => {
      assert.ok(isCountersignError(error), 'a CountersignError');
      assert.equal(error.code, 'key_malformed');
      assert.match(error.message, /sk_test_/);
      assert.match(error.message, /Stripe Dashboard/);
      // Short inputs such as "sk_test_" are part of the explanation itself; anything longer is not.
      if (typeof input === 'string' && input.trim().length > 'sk_test_'.length) {
        assert.ok(!error.message.includes(input.trim()), 'the message never echoes the input');
      }
      return true;
    },
  );
}

describe('parseKey', () => {
  test('reads kind and mode from the four prefixes', () => {
    assert.deepEqual(parseKey(`sk_test_${BODY}`), { kind: 'secret', mode: 'test' });
    assert.deepEqual(parseKey(`sk_live_${BODY}`), { kind: 'secret', mode: 'live' });
    assert.deepEqual(parseKey(`rk_test_${BODY}`), { kind: 'restricted', mode: 'test' });
    assert.deepEqual(parseKey(`rk_live_${BODY}`), { kind: 'restricted', mode: 'live' });
  });

  test('trims surrounding whitespace, as a paste brings it', () => {
    assert.deepEqual(parseKey(`  sk_live_${BODY}\n`), { kind: 'secret', mode: 'live' });
    assert.deepEqual(parseKey(`\t\r\nrk_test_${BODY} \u00a0`), { kind: 'restricted', mode: 'test' });
    assert.equal(normalizeKey(` sk_test_${BODY}\n`), `sk_test_${BODY}`);
  });

  test('accepts 16 characters after the prefix and long real-world keys', () => {
    assert.equal(parseKey(`sk_test_${'a'.repeat(16)}`).mode, 'test');
    assert.equal(parseKey(`sk_live_${'Z9'.repeat(123)}`).mode, 'live');
  });

  test('refuses keys that are too short', () => {
    assertMalformed(`sk_test_${'a'.repeat(15)}`);
    assertMalformed('sk_test_');
    assertMalformed('sk_live');
  });

  test('refuses other kinds of Stripe secrets with a hint of what they are', () => {
    assert.throws(() => parseKey(`pk_test_${BODY}`), /publishable key/);
    assert.throws(() => parseKey(`whsec_${BODY}`), /webhook signing secret/);
    assertMalformed(`pk_live_${BODY}`);
    assertMalformed(`whsec_${BODY}`);
  });

  test('refuses wrong prefixes and modes', () => {
    for (const prefix of ['SK_TEST_', 'sk_prod_', 'sk_', 'ak_test_', 'sk-test-', 'sk_test', 'xsk_test_']) {
      assertMalformed(`${prefix}${BODY}`);
    }
  });

  test('refuses empty and whitespace-only input', () => {
    assertMalformed('');
    assertMalformed('   \n\t');
  });

  test('refuses inner spaces, newlines and punctuation', () => {
    assertMalformed(`sk_test_${BODY.slice(0, 10)} ${BODY.slice(10)}`);
    assertMalformed(`sk_test_${BODY}\nsk_test_${BODY}`);
    assertMalformed(`sk_test_${BODY}\n`.repeat(2));
    assertMalformed(`sk_test_${BODY}-x`);
    assertMalformed(`sk_test_${BODY}_x`);
    assertMalformed(`"sk_test_${BODY}"`);
    assertMalformed(`sk_test_${BODY}\u0000`);
  });

  test('refuses non-ASCII look-alikes', () => {
    assertMalformed(`sk_test_${BODY}é`);
    assertMalformed(`sk_test_${'ａ'.repeat(20)}`); // full-width letters
    assertMalformed(`sk_test_${'٣'.repeat(20)}`); // Arabic-Indic digits
    assertMalformed(`sk_test_${BODY}😀`);
    assertMalformed(`sk\u200b_test_${BODY}`); // zero-width space inside
  });

  test('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, 0n, true, {}, [], ['sk_test_' + BODY], Symbol('k'), () => 1]) {
      assertMalformed(value);
    }
    assertMalformed(new String(`sk_test_${BODY}`));
  });

  test('refuses very long input without echoing it', () => {
    assertMalformed(`sk_test_${'a'.repeat(5_000_000)}`);
    assertMalformed(`sk_test_${'a'.repeat(5_000_000)} `.repeat(2));
    assertMalformed('x'.repeat(5_000_000));
  });
});

describe('maskKey', () => {
  test('shows the prefix, an ellipsis and the last four characters', () => {
    assert.equal(maskKey(`sk_test_${BODY}`), 'sk_test_…Rs8t');
    assert.equal(maskKey('sk_test_0000000000000000abcd'), 'sk_test_…abcd');
    assert.equal(maskKey(`rk_live_${BODY}WXYZ`), 'rk_live_…WXYZ');
    assert.equal(maskKey(`  sk_live_${BODY}9876\n`), 'sk_live_…9876');
  });

  test('never reveals more than four characters of the secret part', () => {
    const masked = maskKey(`sk_live_${BODY}`);
    assert.equal(masked.length, 'sk_live_…'.length + 4);
  });

  test('refuses to mask something that is not a key', () => {
    assert.throws(() => maskKey('hello'), { code: 'key_malformed' });
    assert.throws(() => maskKey(null), { code: 'key_malformed' });
  });
});
