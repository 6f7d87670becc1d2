/**
 * Issue 8, item 8 (#11): every string an IPC method accepts is bounded by its raw length before
 * any trimming, parsing or pattern: payloads of several MB straight through `dispatch` are
 * refused quickly, and no handler runs (so nothing is written).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contract, type MethodName } from '../../../contract/ipc.ts';
import { dispatch, type AnyHandler, type SenderFacts } from '../../../main/shell/dispatch.ts';

const STAFF: SenderFacts = { senderKind: 'staff', senderUrl: 'app://countersign/staff.html' };
const CUSTOMER: SenderFacts = { senderKind: 'customer', senderUrl: 'app://countersign/customer.html' };
const MB = 1024 * 1024;
const spaces = (n: number) => ' '.repeat(n);
const letters = (n: number) => 'a'.repeat(n);

/** Each string argument of each method, filled with several MB (spaces, which trimming would remove, and letters). */
const CASES: Array<[MethodName, string, (big: string) => unknown, SenderFacts?]> = [
  ['sessions.start', 'reference', (b) => ({ type: 'document', reference: b })],
  ['sessions.start', 'email', (b) => ({ type: 'document', reference: 'R', email: b })],
  ['sessions.start', 'phone', (b) => ({ type: 'document', reference: 'R', phone: b })],
  ['sessions.start', 'type', (b) => ({ type: b, reference: 'R' })],
  ['settings.update', 'returnUrl', (b) => ({ returnUrl: `https://example.com/${b}` })],
  ['settings.update', 'returnUrl (spaces)', (b) => ({ returnUrl: b })],
  ['key.store', 'key', (b) => ({ key: `sk_test_${b}` })],
  ['key.store', 'key (spaces)', (b) => ({ key: b })],
  ['history.search', 'reference', (b) => ({ reference: b, page: 0, pageSize: 10 })],
  ['history.exportCsv', 'reference', (b) => ({ reference: b })],
  ['history.search', 'status', (b) => ({ status: b, page: 0, pageSize: 10 })],
  ['sessions.get', 'id', (b) => ({ id: `vs_${b}` })],
  ['sessions.redact', 'id', (b) => ({ id: b })],
  ['outbox.withdraw', 'clientReferenceId', (b) => ({ clientReferenceId: `cs_${b}` })],
  ['customer.present', 'via', (b) => ({ id: 'vs_1', via: b })],
  ['customer.begin', 'unknown key', (b) => ({ [b.slice(0, 1000)]: b }), CUSTOMER],
];

describe('raw string bounds at the IPC boundary', () => {
  for (const [method, field, build, sender] of CASES) {
    for (const [kind, fill] of [
      ['spaces', spaces],
      ['letters', letters],
    ] as const) {
      it(`${method} ${field}: ${kind}, 8 MB, refused before any handler runs`, async () => {
        const called: string[] = [];
        const handlers: Record<string, AnyHandler> = {};
        for (const name of Object.keys(contract.methods)) {
          handlers[name] = (async () => {
            called.push(name);
            return {};
          }) as AnyHandler;
        }
        const result = await dispatch(contract, handlers, sender ?? STAFF, method, build(fill(8 * MB)));
        assert.equal(result.ok, false);
        assert.equal(result.ok ? '' : result.denial, 'bad_args');
        assert.deepEqual(called, [], 'no handler ran, so nothing was written');
        assert.ok(!result.ok && result.error.message.length < 2000, 'the error does not echo the payload');
      });
    }
  }

  // Deterministic, whatever the machine's speed: the bound is the only check that ran.
  const BOUNDED = CASES.filter(([, field]) =>
    ['reference', 'email', 'phone', 'returnUrl', 'returnUrl (spaces)', 'key', 'key (spaces)'].includes(field),
  );
  for (const [method, field, build] of BOUNDED) {
    it(`${method} ${field}: the raw bound fails first and nothing after it runs`, () => {
      const parsed = contract.methods[method].args.safeParse(build(spaces(2 * MB)));
      assert.equal(parsed.success, false);
      const issues = parsed.success ? [] : parsed.error.issues;
      assert.deepEqual(
        issues.map((i) => i.code),
        ['too_big'],
        `no trimming, pattern or URL parsing after the bound (${issues.map((i) => i.message).join(' | ')})`,
      );
    });
  }
});
