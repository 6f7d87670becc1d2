import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contract,
  EVENT_NAMES,
  isAllowedReturnUrl,
  isErrorPayload,
  METHOD_NAMES,
  parseEventPayload,
  parseMethodArgs,
  parseMethodResult,
} from '../../../contract/ipc.ts';
import type { ContractHandlers, CountersignApi, MethodResult, SessionView } from '../../../contract/ipc.ts';
import { CountersignError } from '../../../contract/errors.ts';

const session: SessionView = {
  id: 'vs_1abcDEF',
  clientReferenceId: '5b0f3c1e-8d1a-4b7e-9a0c-2f1d0e9b8a7c',
  reference: 'Order 1042',
  type: 'document',
  status: 'requires_input',
  redacted: false,
  lastErrorCode: 'document_expired',
  lastErrorReason: 'The document is expired.',
  attempts: 1,
  maxAttempts: 3,
  created: 1_700_000_000_000,
  updated: 1_700_000_001_000,
  livemode: false,
};

function rejects(fn: () => unknown, field?: string): CountersignError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CountersignError, 'a typed error');
    assert.equal(error.code, 'invalid_input');
    if (field) assert.ok(Object.hasOwn(error.detail, `field:${field}`), `names ${field}: ${error.message}`);
    return error;
  }
  assert.fail('expected the input to be refused');
}

test('every method is in a namespace, and each namespace has its own handler file in the core', () => {
  // The names are written once (contract/channels.ts, checked against the schemas at compile
  // time); the handler files follow the namespaces, so "cancel a session" is in sessions.ts.
  const namespaces = new Set(METHOD_NAMES.map((name) => name.split('.')[0]));
  for (const name of METHOD_NAMES) assert.match(name, /^[a-z]+\.[a-zA-Z]+$/, name);
  const handlerDir = fileURLToPath(new URL('../../../main/core/handlers/', import.meta.url));
  const files = readdirSync(handlerDir).filter((f) => f.endsWith('.ts'));
  const handlerFiles = files.filter((f) => !['index.ts', 'context.ts', 'middleware.ts'].includes(f));
  assert.deepEqual(handlerFiles.map((f) => f.replace(/\.ts$/, '')).sort(), [...namespaces].sort());
  assert.equal(new Set(EVENT_NAMES).size, EVENT_NAMES.length);
  assert.equal(new Set(METHOD_NAMES).size, METHOD_NAMES.length);
});

test('personal data and secrets are for the staff window only', () => {
  for (const name of METHOD_NAMES) {
    const callers = contract.methods[name].callers;
    assert.ok(callers.length > 0, `${name} has callers`);
    if (name.startsWith('sessions.') || name.startsWith('key.') || name.startsWith('settings.')) {
      assert.deepEqual([...callers], ['staff'], `${name} is staff-only`);
    }
  }
  assert.deepEqual([...contract.methods['customer.begin'].callers], ['customer']);
  // The kiosk: the PIN is set and the journal read by staff; the PIN pad is on the kiosk's screen.
  assert.deepEqual([...contract.methods['kiosk.setPin'].callers], ['staff']);
  assert.deepEqual([...contract.methods['kiosk.status'].callers], ['staff']);
  assert.deepEqual([...contract.methods['kiosk.unlock'].callers], ['customer']);
  assert.deepEqual([...contract.methods['customer.setLanguage'].callers], ['customer']);
  assert.deepEqual([...contract.methods['customer.help'].callers], ['customer']);
  assert.deepEqual([...contract.events['session.updated'].to], ['staff']);
  // The masked key, the queue and notices are staff-only; the customer screen gets online/kiosk.
  assert.deepEqual([...contract.methods['app.status'].callers], ['staff']);
  assert.deepEqual([...contract.events['status.changed'].to], ['staff']);
});

test('no schema has a field for the hosted url or the client secret', () => {
  const text = JSON.stringify(
    Object.values(contract.methods).map((m) => [
      m.args.toJSONSchema?.() ?? null,
      m.result.toJSONSchema?.() ?? null,
    ]),
  );
  assert.doesNotMatch(text, /"url"|client_secret|clientSecret/);
});

test('no-argument methods accept nothing or an empty object, and refuse anything else', () => {
  assert.equal(parseMethodArgs('app.status', undefined), undefined);
  assert.deepEqual(parseMethodArgs('app.status', {}), {});
  rejects(() => parseMethodArgs('app.status', { extra: 1 }));
  rejects(() => parseMethodArgs('key.remove', 'x'));
});

test('session ids are validated', () => {
  assert.deepEqual(parseMethodArgs('sessions.get', { id: 'vs_00000001AbCdEfGh' }), {
    id: 'vs_00000001AbCdEfGh',
  });
  for (const id of ['', 'vs_', 'vr_123', 'vs_../../etc', 'vs_abc?x=1', `vs_${'a'.repeat(65)}`, 42, null]) {
    rejects(() => parseMethodArgs('sessions.get', { id }), 'id');
  }
  rejects(() => parseMethodArgs('sessions.cancel', {}), 'id');
  rejects(() => parseMethodArgs('sessions.redact', { id: 'vs_1', also: true }));
  rejects(() => parseMethodArgs('customer.present', { id: 'vs_1', via: 'email' }), 'via');
});

test('sessions.start uses the start-input rules', () => {
  const ok = parseMethodArgs('sessions.start', {
    type: 'document',
    reference: ' A-1 ',
    phone: '+44 20 7946 0958',
  });
  assert.equal(ok.reference, 'A-1');
  assert.equal(ok.phone, '+442079460958');
  rejects(() => parseMethodArgs('sessions.start', { type: 'selfie', reference: 'A' }), 'type');
  rejects(() => parseMethodArgs('sessions.start', { type: 'document', reference: '<script>' }), 'reference');
  rejects(() =>
    parseMethodArgs('sessions.start', { type: 'document', reference: 'A', returnUrl: 'https://x' }),
  );
});

test('key.store bounds the key and never echoes it', () => {
  assert.deepEqual(parseMethodArgs('key.store', { key: 'sk_test_abc' }), { key: 'sk_test_abc' });
  const secret = `sk_live_${'Z'.repeat(400)}`;
  const error = rejects(() => parseMethodArgs('key.store', { key: secret }), 'key');
  assert.ok(!error.message.includes('ZZZZ'));
  rejects(() => parseMethodArgs('key.store', {}), 'key');
});

test('settings.update enforces the bounds', () => {
  assert.deepEqual(parseMethodArgs('settings.update', { fastIntervalMs: 250 }), { fastIntervalMs: 250 });
  assert.deepEqual(parseMethodArgs('settings.update', {}), {});
  rejects(() => parseMethodArgs('settings.update', { fastIntervalMs: 249 }), 'fastIntervalMs');
  rejects(() => parseMethodArgs('settings.update', { slowIntervalMs: 60_001 }), 'slowIntervalMs');
  rejects(
    () => parseMethodArgs('settings.update', { fastIntervalMs: 5000, slowIntervalMs: 1000 }),
    'fastIntervalMs',
  );
  rejects(() => parseMethodArgs('settings.update', { idleResetSeconds: 9 }), 'idleResetSeconds');
  rejects(() => parseMethodArgs('settings.update', { idleResetSeconds: 3601 }), 'idleResetSeconds');
  rejects(() => parseMethodArgs('settings.update', { retentionDays: 0 }), 'retentionDays');
  rejects(() => parseMethodArgs('settings.update', { retentionDays: 3651 }), 'retentionDays');
  rejects(() => parseMethodArgs('settings.update', { maxAttempts: 11 }), 'maxAttempts');
  rejects(() => parseMethodArgs('settings.update', { maxAttempts: 2.5 }), 'maxAttempts');
  rejects(() => parseMethodArgs('settings.update', { retentionDays: Number.NaN }), 'retentionDays');
  rejects(() => parseMethodArgs('settings.update', { theme: 'dark' }));
  assert.deepEqual(parseMethodArgs('settings.update', { language: 'ja' }), { language: 'ja' });
  rejects(() => parseMethodArgs('settings.update', { language: 'fr' }), 'language');
  assert.deepEqual(parseMethodArgs('settings.update', { returnUrl: null }), { returnUrl: null });
  rejects(() => parseMethodArgs('settings.update', { returnUrl: 'http://example.com/done' }), 'returnUrl');
});

test('return urls: https, or http to this machine only', () => {
  for (const ok of ['https://shop.example/done', 'http://127.0.0.1:8080/r', 'http://localhost/r']) {
    assert.ok(isAllowedReturnUrl(ok), ok);
  }
  for (const bad of [
    'http://example.com/',
    'http://127.0.0.1.evil.example/',
    'http://localhost.evil.example/',
    'https://user:pw@shop.example/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,hi',
    'app://countersign/index.html',
    'not a url',
    '',
  ]) {
    assert.ok(!isAllowedReturnUrl(bad), bad);
  }
});

test('history filters are bounded', () => {
  assert.deepEqual(parseMethodArgs('history.search', { page: 0, pageSize: 100 }), { page: 0, pageSize: 100 });
  rejects(() => parseMethodArgs('history.search', { page: -1, pageSize: 10 }), 'page');
  rejects(() => parseMethodArgs('history.search', { page: 0, pageSize: 101 }), 'pageSize');
  rejects(() => parseMethodArgs('history.search', { page: 0, pageSize: 0 }), 'pageSize');
  rejects(() => parseMethodArgs('history.search', { page: 0, pageSize: 10, status: 'lost' }), 'status');
  rejects(
    () => parseMethodArgs('history.search', { page: 0, pageSize: 10, reference: 'x'.repeat(101) }),
    'reference',
  );
  assert.deepEqual(parseMethodArgs('history.exportCsv', { status: 'verified' }), { status: 'verified' });
  rejects(() => parseMethodArgs('history.exportCsv', { page: 0 }));
});

test('results are checked too: a customer screen cannot carry personal data', () => {
  const screen = {
    screen: 'welcome',
    qrSvg: null,
    errorCode: null,
    attemptsLeft: 3,
    idleResetSeconds: 60,
    online: true,
    kiosk: false,
    language: 'ja',
  };
  assert.deepEqual(parseMethodResult('customer.state', screen), screen);
  rejects(() => parseMethodResult('customer.state', { ...screen, language: 'fr' }), 'language');
  rejects(() => parseMethodResult('customer.state', { ...screen, firstName: 'Jenny' }));
  rejects(
    () => parseMethodResult('customer.state', { ...screen, qrSvg: '<img src=x onerror=alert(1)>' }),
    'qrSvg',
  );
  const created: MethodResult<'sessions.start'> = { outcome: 'created', session };
  assert.deepEqual(parseMethodResult('sessions.start', created), created);
  const queued = { outcome: 'queued', clientReferenceId: session.clientReferenceId, reference: 'Order 1042' };
  assert.deepEqual(parseMethodResult('sessions.start', queued), queued);
  rejects(() => parseMethodResult('sessions.start', { outcome: 'queued', session }));
  rejects(() =>
    parseMethodResult('sessions.get', {
      session: { ...session, url: 'https://verify.stripe.com/x' },
      timeline: [],
      checks: [],
    }),
  );
});

test('event payloads are checked', () => {
  assert.deepEqual(parseEventPayload('session.updated', session), session);
  rejects(() => parseEventPayload('session.updated', { ...session, status: 'weird' }), 'status');
  const item = {
    clientReferenceId: 'abc',
    reference: 'R',
    state: 'ready',
    sessionId: 'vs_1',
    code: null,
    message: null,
  };
  assert.deepEqual(parseEventPayload('outbox.item', item), item);
  // A failure says why by its code, which the staff window words in its own language.
  const failed = { ...item, state: 'failed', sessionId: null, code: 'stripe_invalid_request', message: 'x' };
  assert.deepEqual(parseEventPayload('outbox.item', failed), failed);
  rejects(() => parseEventPayload('outbox.item', { ...failed, code: 'Stripe refused it.' }), 'code');
});

test('error messages stay bounded whatever keys a caller sends', () => {
  const hostile = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}${'x'.repeat(1000)}`, 1]));
  const error = rejects(() => parseMethodArgs('settings.update', hostile));
  assert.ok(error.message.length < 5000, `message length ${error.message.length}`);
});

test('isErrorPayload tells a typed error from anything else', () => {
  assert.ok(isErrorPayload({ code: 'internal', message: 'x' }));
  assert.ok(!isErrorPayload(new Error('x')));
  assert.ok(!isErrorPayload(null));
});

// Compile-time checks: these lines fail `tsc` if the derived types drift.
export type _HandlersHaveEveryMethod = ContractHandlers['sessions.start'] extends (
  args: { type: 'document' | 'id_number'; reference: string },
  caller: { window: 'staff' | 'customer' },
) => Promise<unknown>
  ? true
  : never;
export const _apiUse = async (api: CountersignApi): Promise<void> => {
  const status = await api.invoke('app.status');
  void status.backend;
  const list = await api.invoke('sessions.list', {});
  void list.map((s) => s.id);
  const stop = api.on('customer.changed', (screen) => void screen.screen);
  stop();
};
