/**
 * The app core as the windows use it: every call goes through the contract's own argument and
 * result schemas, against the embedded simulator over real HTTP, with conf stores on disk.
 */
import { specCheck } from '../support/stripe-spec.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventName, EventPayload, MethodName, MethodResult } from '../../contract/ipc.ts';
import { parseMethodArgs, parseMethodResult } from '../../contract/ipc.ts';
import { DEFAULT_SETTINGS, createAppCore, type AppCore } from '../../main/core/index.ts';
import { createLogger, silentLogger } from '../../base/logger.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { eventually } from '../support/backend.ts';
import { confStoreFactory } from '../support/conf-store.ts';

// Every answer the embedded simulator sends in this file is checked against Stripe's spec.
const spec = specCheck();
after(() => spec.assertClean());

describe('app core', () => {
  let dir: string;
  let core: AppCore<RunningSimulator>;
  const logs: string[] = [];
  const opened: string[] = [];
  const seen: Array<{ event: EventName; payload: unknown }> = [];

  const call = async <K extends MethodName>(
    name: K,
    args: unknown,
    window: 'staff' | 'customer' = 'staff',
  ) => {
    const parsed = parseMethodArgs(name, args);
    const handler = core.handlers[name] as (a: unknown, c: { window: string }) => Promise<unknown>;
    return parseMethodResult(name, await handler(parsed, { window })) as MethodResult<K>;
  };
  const last = <E extends EventName>(event: E) =>
    seen.filter((s) => s.event === event).at(-1)?.payload as EventPayload<E> | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'countersign-core-'));
    core = await createAppCore({
      storeFactory: confStoreFactory(dir),
      keychain: null,
      station: 'counter-1',
      version: '0.0.0-test',
      logger: createLogger((_level, line) => logs.push(line)),
      startSimulator: () => startSimulator({ processingDelayMs: 30, onResponse: spec.onResponse }),
      probeIntervalMs: 100,
      returnUrl: 'http://127.0.0.1:9/return',
    });
    core.onOpenHostedFlow((url) => opened.push(url));
    for (const event of ['session.updated', 'status.changed', 'customer.changed', 'outbox.item'] as const) {
      core.on(event, (payload) => seen.push({ event, payload }));
    }
  });
  after(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says it runs on the simulator when no key is stored', async () => {
    const status = await call('app.status', {});
    assert.equal(status.backend, 'simulator');
    assert.equal(status.mode, 'test');
    assert.equal(status.maskedKey, null);
    assert.match(core.hostedOrigin(), /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('starts, hands over to the customer screen, and follows the result live', async () => {
    const started = await call('sessions.start', { type: 'document', reference: 'Order 42' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';
    const listed = await call('sessions.list', {});
    assert.ok(listed.some((s) => s.id === id));

    await call('customer.present', { id, via: 'screen' });
    assert.equal(opened.length, 1, 'main was asked to open the hosted flow');
    assert.ok(opened[0]!.startsWith(core.hostedOrigin()));
    assert.equal((await call('customer.state', {}, 'customer')).screen, 'in_flow');

    // The customer completes the flow on the simulator's hosted page (as its form does).
    const page = await fetch(opened[0]!);
    assert.equal(page.status, 200);
    const token = new URL(opened[0]!).searchParams.get('token')!;
    const submit = await fetch(`${core.hostedOrigin()}/hosted/${id}/submit`, {
      method: 'POST',
      body: new URLSearchParams({ token, outcome: 'verified' }),
      redirect: 'manual',
    });
    assert.ok([200, 303].includes(submit.status));
    core.customerReturned();
    assert.equal((await call('customer.state', {}, 'customer')).screen, 'checking');

    await eventually(() => (last('customer.changed')?.screen === 'verified' ? true : undefined), 8000);
    const updated = seen
      .filter((s) => s.event === 'session.updated')
      .map((s) => s.payload as EventPayload<'session.updated'>)
      .filter((s) => s.id === id)
      .map((s) => s.status);
    assert.deepEqual([...new Set(updated)], ['requires_input', 'processing', 'verified']);
    const result = await call('sessions.result', { id });
    assert.ok(result.firstName);
    const detail = await call('sessions.get', { id });
    assert.deepEqual(
      detail.timeline.map((t) => t.type),
      ['created', 'attempt_1', 'processing', 'verified'],
    );
  });

  it('a failed check → guidance on the customer screen → retry on the same session', async () => {
    const started = await call('sessions.start', { type: 'document', reference: 'Order 43' });
    const id = started.outcome === 'created' ? started.session.id! : '';
    await call('customer.present', { id, via: 'qr' });
    const handoff = await call('customer.state', {}, 'customer');
    assert.equal(handoff.screen, 'handoff');
    assert.match(handoff.qrSvg ?? '', /^<svg/);
    // The url is only inside the QR image, never in what the window receives as text.
    assert.ok(!JSON.stringify(handoff).includes('/hosted/'));

    const url = await urlOf(id);
    await submitOutcome(url, id, 'document_expired');
    await eventually(() => (last('customer.changed')?.screen === 'requires_input' ? true : undefined), 8000);
    assert.equal(last('customer.changed')?.errorCode, 'document_expired');
    assert.equal(last('customer.changed')?.attemptsLeft, 2);

    const before = opened.length;
    const retried = await call('customer.retry', {}, 'customer');
    assert.equal(retried.screen, 'in_flow');
    assert.equal(opened.length, before + 1, 'a fresh url opened on the customer screen');
    await submitOutcome(opened.at(-1)!, id, 'verified');
    await eventually(() => (last('customer.changed')?.screen === 'verified' ? true : undefined), 8000);
    const history = await call('history.search', { reference: 'Order 43', page: 0, pageSize: 10 });
    assert.equal(history.rows[0]?.status, 'verified');
    assert.equal(history.rows[0]?.attempts, 2);
  });

  it('cancel at the counter → the customer screen says so', async () => {
    const started = await call('sessions.start', { type: 'id_number', reference: 'Order 44' });
    const id = started.outcome === 'created' ? started.session.id! : '';
    await call('customer.present', { id, via: 'screen' });
    const canceled = await call('sessions.cancel', { id });
    assert.equal(canceled.status, 'canceled');
    assert.equal((await call('customer.state', {}, 'customer')).screen, 'canceled');
  });

  it('queues while Stripe is unreachable and creates exactly once when it is back', async () => {
    const sim = simulatorOf(core);
    sim.setFaults({ offline: true });
    try {
      const queued = await call('sessions.start', {
        type: 'document',
        reference: 'Order 45',
        email: 'offline@example.com',
      });
      assert.equal(queued.outcome, 'queued');
      assert.equal((await call('app.status', {})).online, false, 'the console says it is offline');
      assert.equal(last('customer.changed')?.online, false, 'so does the customer screen');
      assert.equal((await call('customer.state', {}, 'customer')).online, false);
      assert.equal((await call('app.status', {})).queued, 1);
      const list = await call('sessions.list', {});
      assert.equal(list.find((s) => s.reference === 'Order 45')?.status, 'queued');
    } finally {
      sim.setFaults({ offline: false });
    }
    // Nobody presses anything: the app finds out by itself that Stripe answers again.
    await eventually(() => (last('outbox.item')?.state === 'ready' ? true : undefined), 10_000);
    await eventually(() => (last('status.changed')?.online === true ? true : undefined), 10_000);
    assert.equal(last('customer.changed')?.online, true);
    assert.equal((await call('app.status', {})).queued, 0);
    const created = sim
      .sessions()
      .filter((s) => s.client_reference_id === last('outbox.item')!.clientReferenceId);
    assert.equal(created.length, 1, 'created exactly once');
  });

  it('a settings change applies in place: sessions in progress are kept', async () => {
    const started = await call('sessions.start', { type: 'document', reference: 'Order 46' });
    const id = started.outcome === 'created' ? started.session.id! : '';
    const port = simulatorOf(core).port;
    const saved = await call('settings.update', { maxAttempts: 4, fastIntervalMs: 500 });
    assert.equal(saved.maxAttempts, 4);
    assert.equal(simulatorOf(core).port, port, 'the same simulator, not a new one');
    await call('customer.present', { id, via: 'screen' });
    const listed = await call('sessions.list', {});
    assert.equal(listed.find((s) => s.id === id)?.maxAttempts, 4);
    await call('settings.update', { maxAttempts: 3, fastIntervalMs: 1000 });
  });

  it('the station language is a setting (English by default) and the customer screen follows it', async () => {
    assert.equal((await call('settings.get', {})).language, 'en');
    assert.equal((await call('customer.state', {}, 'customer')).language, 'en');
    const saved = await call('settings.update', { language: 'ja' });
    assert.equal(saved.language, 'ja');
    assert.equal((await call('customer.state', {}, 'customer')).language, 'ja');
    assert.equal(last('customer.changed')?.language, 'ja', 'the customer window is told at once');
    const { csv } = await call('history.exportCsv', {});
    assert.match(csv, /^\uFEFF作成日時,最終更新日時,受付番号,/, 'CSV column names in the station language');
    await assert.rejects(
      (async () => call('settings.update', { language: 'fr' }))(),
      (e: { code: string }) => e.code === 'invalid_input',
    );
    assert.equal((await call('settings.update', { language: 'en' })).language, 'en');
  });

  it('at a counter the customer cannot start a verification on their own', async () => {
    assert.equal((await call('customer.state', {}, 'customer')).kiosk, false);
    await assert.rejects(
      (async () => call('customer.begin', {}, 'customer'))(),
      (e: { code: string }) => e.code === 'invalid_state',
    );
  });

  it('refuses bad input with field messages and sends nothing', async () => {
    const sim = simulatorOf(core);
    const before = sim.sessions().length;
    await assert.rejects(
      (async () => call('sessions.start', { type: 'document', reference: '', email: 'nope' }))(),
      (e: { code: string }) => e.code === 'invalid_input',
    );
    assert.equal(sim.sessions().length, before);
  });

  it('writes no secret, hosted url or personal data to disk or logs', async () => {
    const sim = simulatorOf(core);
    const written = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const everything = written + logs.join('\n') + JSON.stringify(seen);
    assert.ok(!everything.includes(sim.secretKey), 'no key');
    assert.ok(!everything.includes('_secret_'), 'no client_secret');
    assert.ok(!everything.includes('/hosted/'), 'no hosted url');
    assert.ok(!everything.includes('offline@example.com'), 'no email in clear');
    assert.ok(written.includes('Order 43'), 'the scan looked at real records');
  });

  async function urlOf(id: string): Promise<string> {
    const before = opened.length;
    await call('customer.present', { id, via: 'screen' });
    assert.equal(opened.length, before + 1);
    return opened.at(-1)!;
  }

  async function submitOutcome(url: string, id: string, outcome: string) {
    const token = new URL(url).searchParams.get('token')!;
    const response = await fetch(`${core.hostedOrigin()}/hosted/${id}/submit`, {
      method: 'POST',
      body: new URLSearchParams({ token, outcome }),
      redirect: 'manual',
    });
    assert.ok([200, 303].includes(response.status), `submit answered ${response.status}`);
  }
});

function simulatorOf(core: AppCore<RunningSimulator>) {
  const sim = core.simulator();
  if (!sim) throw new Error('the app core runs on the simulator in these tests');
  return sim;
}

describe('app core in a kiosk', () => {
  it('the customer starts on their own: a document check with a live selfie, opened at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-kiosk-'));
    const core = await createAppCore({
      storeFactory: confStoreFactory(dir),
      keychain: null,
      station: 'kiosk-1',
      kiosk: true,
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({ processingDelayMs: 30, onResponse: spec.onResponse }),
    });
    try {
      const opened: string[] = [];
      core.onOpenHostedFlow((url) => opened.push(url));
      assert.equal((await core.handlers['customer.state'](undefined, { window: 'customer' })).kiosk, true);
      const screen = await core.handlers['customer.begin'](undefined, { window: 'customer' });
      assert.equal(screen.screen, 'in_flow');
      assert.equal(opened.length, 1);
      const [session] = core.simulator()!.sessions();
      assert.equal(session?.status, 'requires_input');
      const list = await core.handlers['sessions.list']({}, { window: 'staff' });
      assert.match(list[0]?.reference ?? '', /^Kiosk kiosk-1 /);
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('app core with damaged small stores', () => {
  for (const [name, content] of [
    ['unparseable', '{"settings": {"fastIntervalMs": 10'],
    ['out of bounds', JSON.stringify({ settings: { fastIntervalMs: 5, slowIntervalMs: -1 } })],
  ] as const) {
    it(`starts with default settings and says so when the settings file is ${name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'countersign-damaged-'));
      writeFileSync(join(dir, 'settings.json'), content);
      const logs: string[] = [];
      const core = await createAppCore({
        storeFactory: confStoreFactory(dir),
        keychain: null,
        station: 'counter-3',
        version: '0.0.0-test',
        logger: createLogger((_level, line) => logs.push(line)),
        startSimulator: () => startSimulator({}),
      });
      try {
        const status = await core.handlers['app.status'](undefined, { window: 'staff' });
        assert.deepEqual(status.storeNotice, { code: 'settings_defaults', params: {} });
        assert.deepEqual(
          await core.handlers['settings.get'](undefined, { window: 'staff' }),
          DEFAULT_SETTINGS,
        );
        // Saving settings again repairs the file.
        const saved = await core.handlers['settings.update']({ idleResetSeconds: 30 }, { window: 'staff' });
        assert.equal(saved.idleResetSeconds, 30);
        assert.equal(
          JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.idleResetSeconds,
          30,
        );
      } finally {
        await core.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
