/** The bracket form decoder and the parameter validation, without a server. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError, maskKey } from '../../main/simulator/stripe-errors.ts';
import { canonicalForm, decodeForm, FormDecodeError } from '../../main/simulator/form-encoding.ts';
import { parseParams, SPECS, type Spec } from '../../main/simulator/params.ts';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('simulator: form encoding', () => {
  test('decodes nested brackets, indexed and empty-bracket arrays, and percent encoding', () => {
    const form = decodeForm(
      'type=document&options[document][allowed_types][0]=passport&options%5Bdocument%5D%5Ballowed_types%5D%5B1%5D=id_card' +
        '&metadata[ref]=a+b%26c&expand[]=verified_outputs&expand[]=last_verification_report&created[gte]=10',
    );
    assert.deepEqual(plain(form), {
      type: 'document',
      options: { document: { allowed_types: { 0: 'passport', 1: 'id_card' } } },
      metadata: { ref: 'a b&c' },
      expand: { 0: 'verified_outputs', 1: 'last_verification_report' },
      created: { gte: '10' },
    });
  });

  test('a key that is both a value and a hash is refused; prototype keys are plain keys', () => {
    assert.throws(() => decodeForm('a=1&a[b]=2'), FormDecodeError);
    assert.throws(() => decodeForm('a[b]=2&a=1'), FormDecodeError);
    const form = decodeForm('metadata[__proto__]=x&metadata[constructor]=y');
    assert.deepEqual(plain(form), JSON.parse('{"metadata":{"__proto__":"x","constructor":"y"}}'));
    const params = parseParams(SPECS.updateSession, form);
    assert.equal(Object.keys(params.metadata as object).length, 2);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  test('canonical form ignores key order', () => {
    assert.equal(
      canonicalForm(decodeForm('a=1&b[c]=2&b[d]=3')),
      canonicalForm(decodeForm('b[d]=3&a=1&b[c]=2')),
    );
    assert.notEqual(canonicalForm(decodeForm('a=1')), canonicalForm(decodeForm('a=2')));
  });

  test('validation turns index objects into arrays, booleans and integers into values', () => {
    const params = parseParams(
      SPECS.createSession,
      decodeForm(
        'type=document&options[document][allowed_types][0]=passport&options[document][require_matching_selfie]=true&expand[0]=verified_outputs',
      ),
    );
    assert.deepEqual(plain(params), {
      type: 'document',
      options: { document: { allowed_types: ['passport'], require_matching_selfie: true } },
      expand: ['verified_outputs'],
    });
    const list = parseParams(SPECS.listEvents, decodeForm('limit=3&created[lt]=5&types[0]=a'));
    assert.deepEqual(plain(list), { limit: 3, created: { lt: 5 }, types: ['a'] });
  });

  test('errors carry Stripe codes and the full bracketed param name', () => {
    const error = (query: string, spec: Record<string, Spec> = SPECS.createSession) => {
      try {
        parseParams(spec, decodeForm(query));
      } catch (e) {
        assert.ok(e instanceof ApiError);
        return e.toBody().error;
      }
      assert.fail('expected an error');
    };
    assert.deepEqual(error('options[document][require_matching_selfie]=maybe'), {
      type: 'invalid_request_error',
      message: 'Invalid boolean: maybe',
      param: 'options[document][require_matching_selfie]',
    });
    assert.equal(error('provided_details[fax]=1').code, 'parameter_unknown');
    assert.equal(error('limit=1.5', SPECS.listEvents).code, 'parameter_invalid_integer');
    assert.equal(error('expand=verified_outputs').param, 'expand');
  });

  test('keys are masked to their prefix and last four characters', () => {
    assert.equal(maskKey('sk_test_abcdefghijklmnop1234'), 'sk_test_****1234');
    assert.equal(maskKey('whatever-key-5678'), '****5678');
    assert.equal(maskKey('short'), '****');
  });
});
