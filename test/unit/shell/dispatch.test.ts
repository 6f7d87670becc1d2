import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contract, type ContractHandlers, type SessionView } from '../../../contract/ipc.ts';
import { CountersignError } from '../../../contract/errors.ts';
import {
  checkEventPayload,
  dispatch,
  eventRecipients,
  senderFactsOf,
  toEnvelope,
  type DispatchLogEntry,
  type SenderFacts,
} from '../../../main/shell/dispatch.ts';

const STAFF: SenderFacts = { senderKind: 'staff', senderUrl: 'app://countersign/staff.html' };
const CUSTOMER: SenderFacts = { senderKind: 'customer', senderUrl: 'app://countersign/customer.html' };

const session: SessionView = {
  id: 'vs_123',
  clientReferenceId: 'cs_abc',
  reference: 'R-1',
  type: 'document',
  status: 'processing',
  redacted: false,
  lastErrorCode: null,
  lastErrorReason: null,
  attempts: 1,
  maxAttempts: 3,
  created: 1,
  updated: 2,
  livemode: false,
};

function fakeHandlers(overrides: Partial<ContractHandlers> = {}): Partial<ContractHandlers> {
  return {
    'sessions.get': async ({ id }) => ({ session: { ...session, id }, timeline: [], checks: [] }),
    'sessions.cancel': async () => {
      throw new CountersignError('invalid_state', 'This verification can no longer be canceled.');
    },
    'sessions.redact': async () => {
      throw new Error('ECONNRESET while posting key=sk_live_secret');
    },
    'customer.state': async (_args, caller) => ({
      screen: caller.window === 'customer' ? 'welcome' : 'handoff',
      qrSvg: null,
      errorCode: null,
      attemptsLeft: 3,
      idleResetSeconds: 60,
      online: true,
      kiosk: false,
      language: 'en',
    }),
    // A broken handler that leaks the hosted url: the result check must stop it.
    'customer.present': async () => ({ qrSvg: null, url: 'https://verify.stripe.com/start/secret' }) as never,
    ...overrides,
  };
}

async function call(sender: SenderFacts, method: unknown, args: unknown, validateResult = true) {
  const log: DispatchLogEntry[] = [];
  const result = await dispatch(contract, fakeHandlers(), sender, method, args, {
    validateResult,
    log: (e) => log.push(e),
  });
  return { result, log };
}

test('a valid call from an allowed window returns the handler value', async () => {
  const { result, log } = await call(STAFF, 'sessions.get', { id: 'vs_999' });
  assert.ok(result.ok);
  assert.equal((result.value as { session: SessionView }).session.id, 'vs_999');
  assert.equal(log.length, 1);
  assert.equal(log[0]?.ok, true);
  assert.deepEqual(toEnvelope(result), { ok: true, value: result.value });
});

test('the handler learns which window called', async () => {
  const a = await call(CUSTOMER, 'customer.state', undefined);
  const b = await call(STAFF, 'customer.state', {});
  assert.ok(a.result.ok && b.result.ok);
  assert.equal((a.result.value as { screen: string }).screen, 'welcome');
  assert.equal((b.result.value as { screen: string }).screen, 'handoff');
});

test('unknown methods are refused, including prototype names', async () => {
  for (const method of [
    'sessions.delete',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '',
    42,
    null,
    {},
    ['app.status'],
  ]) {
    const { result } = await call(STAFF, method, {});
    assert.ok(!result.ok, String(method));
    assert.equal(result.denial, 'unknown_method');
    assert.equal(result.error.code, 'invalid_input');
  }
});

test('a sender that is not an app window is refused', async () => {
  const { result } = await call(
    { senderKind: null, senderUrl: 'app://countersign/staff.html' },
    'sessions.get',
    {
      id: 'vs_1',
    },
  );
  assert.ok(!result.ok);
  assert.equal(result.denial, 'unknown_sender');
});

test('an app window showing a foreign page is refused', async () => {
  for (const senderUrl of [
    'https://verify.stripe.com/start/x',
    'http://127.0.0.1:4243/hosted/vs_1',
    'app://countersign.evil/staff.html',
    'app://evil@countersign/staff.html',
    'file:///app/out/renderer/staff.html',
    'about:blank',
    'data:text/html,x',
    null,
  ]) {
    const { result } = await call({ senderKind: 'customer', senderUrl }, 'customer.state', undefined);
    assert.ok(!result.ok, String(senderUrl));
    assert.equal(result.denial, 'foreign_origin');
  }
});

test('the customer window cannot call staff methods', async () => {
  for (const method of [
    'sessions.get',
    'sessions.result',
    'key.store',
    'settings.update',
    'history.exportCsv',
  ]) {
    const { result } = await call(CUSTOMER, method, { id: 'vs_1' });
    assert.ok(!result.ok, method);
    assert.equal(result.denial, 'forbidden_caller');
  }
  const { result } = await call(STAFF, 'customer.begin', undefined);
  assert.ok(!result.ok);
  assert.equal(result.denial, 'forbidden_caller');
});

test('bad arguments are refused with a typed error before any handler runs', async () => {
  let ran = false;
  const handlers = fakeHandlers({
    'sessions.get': async () => {
      ran = true;
      throw new Error('should not run');
    },
  });
  for (const args of [
    undefined,
    null,
    {},
    { id: 'nope' },
    { id: 'vs_1', extra: 1 },
    'vs_1',
    [{ id: 'vs_1' }],
  ]) {
    const result = await dispatch(contract, handlers, STAFF, 'sessions.get', args);
    assert.ok(!result.ok);
    assert.equal(result.denial, 'bad_args');
    assert.equal(result.error.code, 'invalid_input');
    assert.match(result.error.message, /^sessions\.get: /);
  }
  assert.equal(ran, false);
});

test('a typed error crosses as { code, message }; anything else as internal without its text', async () => {
  const typed = await call(STAFF, 'sessions.cancel', { id: 'vs_1' });
  assert.ok(!typed.result.ok);
  assert.deepEqual(typed.result.error, {
    code: 'invalid_state',
    message: 'This verification can no longer be canceled.',
  });
  assert.equal(typed.result.denial, 'handler_failed');
  const untyped = await call(STAFF, 'sessions.redact', { id: 'vs_1' });
  assert.ok(!untyped.result.ok);
  assert.equal(untyped.result.error.code, 'internal');
  assert.doesNotMatch(untyped.result.error.message, /sk_live|ECONNRESET/);
  assert.deepEqual(Object.keys(toEnvelope(untyped.result)), ['ok', 'error']);
});

test('results are checked in development: a leaked url never leaves', async () => {
  const checked = await call(STAFF, 'customer.present', { id: 'vs_1', via: 'qr' });
  assert.ok(!checked.result.ok);
  assert.equal(checked.result.denial, 'bad_result');
  assert.equal(checked.result.error.code, 'internal');
  assert.doesNotMatch(JSON.stringify(checked.result), /secret/);
});

test('a missing handler is an internal error, not a crash', async () => {
  const { result } = await call(STAFF, 'history.search', { page: 0, pageSize: 10 });
  assert.ok(!result.ok);
  assert.equal(result.error.code, 'internal');
});

test('dispatch never throws, whatever it is given', async () => {
  const weird: unknown[] = [
    Object.create(null),
    {
      toString: () => {
        throw new Error('boom');
      },
    },
    new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    ),
    { id: 'vs_1', __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}, "id": "vs_1"}'),
  ];
  for (const args of weird) {
    for (const method of ['sessions.get', 'app.status', 'settings.update']) {
      const result = await dispatch(contract, fakeHandlers(), STAFF, method, args);
      assert.equal(typeof result.ok, 'boolean');
    }
  }
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  const throwingLog = await dispatch(
    contract,
    fakeHandlers(),
    STAFF,
    'sessions.get',
    { id: 'vs_1' },
    {
      log: () => {
        throw new Error('log failed');
      },
    },
  );
  assert.equal(throwingLog.ok, true, 'a failing logger does not change the answer');
});

test('the log has the method and the outcome, never arguments', async () => {
  const { log } = await call(STAFF, 'key.store', { key: `sk_live_${'x'.repeat(40)}`, oops: true });
  assert.equal(log.length, 1);
  assert.equal(log[0]?.denial, 'bad_args');
  assert.doesNotMatch(JSON.stringify(log), /sk_live/);
  const long = await call(STAFF, 'x'.repeat(10_000), {});
  assert.ok((long.log[0]?.method.length ?? 0) <= 64);
});

test('senderFactsOf trusts only the top frame', () => {
  const kindOf = (id: number) => (id === 7 ? ('staff' as const) : null);
  const top = { url: 'app://countersign/staff.html', parent: null };
  const child = { url: 'app://countersign/staff.html', parent: top };
  const facts = (sender: { id: number }, senderFrame: unknown) =>
    senderFactsOf({ sender, senderFrame } as unknown as Parameters<typeof senderFactsOf>[0], kindOf);
  assert.deepEqual(facts({ id: 7 }, top), { senderKind: 'staff', senderUrl: 'app://countersign/staff.html' });
  assert.deepEqual(facts({ id: 7 }, child), { senderKind: 'staff', senderUrl: null });
  assert.deepEqual(facts({ id: 7 }, null), { senderKind: 'staff', senderUrl: null });
  assert.deepEqual(facts({ id: 8 }, top), { senderKind: null, senderUrl: 'app://countersign/staff.html' });
});

test('events go to the windows they are addressed to, and only on app pages', () => {
  const windows = [
    { kind: 'staff' as const, url: 'app://countersign/staff.html' },
    { kind: 'customer' as const, url: 'app://countersign/customer.html' },
    { kind: 'customer' as const, url: 'https://verify.stripe.com/start/x' },
  ];
  assert.deepEqual(
    eventRecipients(contract.events['session.updated'], windows).map((w) => w.url),
    ['app://countersign/staff.html'],
  );
  assert.deepEqual(
    eventRecipients(contract.events['customer.changed'], windows).map((w) => w.url),
    ['app://countersign/staff.html', 'app://countersign/customer.html'],
  );
});

test('an event payload that fails the contract is refused with a reason that names paths, not values', () => {
  const spec = contract.events['session.updated'];
  const ok = checkEventPayload(spec, session);
  assert.equal(ok.ok, true);
  const leaked = { ...session, url: 'https://verify.stripe.com/start/test_secret', status: 42 };
  const refused = checkEventPayload(spec, leaked);
  assert.equal(refused.ok, false);
  const reason = refused.ok ? '' : refused.reason;
  assert.match(reason, /^payload failed the contract \(/);
  assert.match(reason, /status: invalid_/);
  assert.match(reason, /unrecognized_keys url/);
  assert.ok(!reason.includes('verify.stripe.com') && !reason.includes('42'), 'no values in the reason');
});
