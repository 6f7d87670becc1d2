/**
 * The core's errors reach a window with their text as an id and params (contract/error-messages
 * .ts), through the same `dispatch` main and the harness use, serialised as IPC sends it: a PIN
 * too easy for each reason, a PIN of the wrong length, a hub that cannot be reached (its host
 * named), a cancel and a retry refused in the session's state, a bad settings field. Against the
 * simulator over HTTP.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { errorTextSchema, type ErrorText } from '../../../contract/error-messages.ts';
import { contract, type Envelope, type ErrorPayload } from '../../../contract/ipc.ts';
import { dispatch, toEnvelope, type AnyHandler } from '../../../main/shell/dispatch.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { startTestCore, type TestCore } from '../../support/app-core.ts';

const APP_PAGE_URL = 'app://countersign/index.html';

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('core errors carry their text over the IPC contract', () => {
  let t: TestCore;
  let withKeychain: TestCore;
  before(async () => {
    t = await startTestCore({ kiosk: true, station: 'kiosk-1' });
    withKeychain = await startTestCore({
      keychain: memoryKeychain(),
      keychainService: 'countersign-error-text-test',
    });
  });
  after(async () => {
    await t.close();
    await withKeychain.close();
  });

  /** One call as a window makes it; the refusal as the window receives it. */
  async function refusal(method: string, args: unknown, core: TestCore = t): Promise<ErrorPayload> {
    const result = await dispatch(
      contract,
      core.core.handlers as unknown as Record<string, AnyHandler>,
      { senderKind: 'staff', senderUrl: APP_PAGE_URL },
      method,
      args,
      { validateResult: true },
    );
    const envelope = JSON.parse(JSON.stringify(toEnvelope(result))) as Envelope;
    assert.equal(envelope.ok, false, `${method} was refused`);
    return (envelope as { ok: false; error: ErrorPayload }).error;
  }

  function assertText(error: ErrorPayload, code: string, text: ErrorText): void {
    assert.equal(error.code, code, error.message);
    assert.deepEqual(error.text, text, error.message);
    assert.deepEqual(errorTextSchema.parse(error.text), text, 'the text passes the contract');
    assert.ok(error.message.length > 10, 'the English message is kept for the log');
  }

  it('a PIN too easy to guess says which reason', async () => {
    const cases = [
      ['1111', 'repeated_digit'],
      ['1234', 'run'],
      ['8765', 'run'],
      ['1212', 'repeated_pattern'],
      ['2580', 'common'],
    ] as const;
    for (const [pin, reason] of cases) {
      assertText(await refusal('kiosk.setPin', { pin }), 'invalid_input', {
        id: 'pin_too_easy',
        params: { reason },
      });
    }
  });

  it('a PIN of the wrong length says the lengths allowed', async () => {
    for (const pin of ['123', '123456789', '12a4']) {
      assertText(await refusal('kiosk.setPin', { pin }), 'invalid_input', {
        id: 'pin_length',
        params: { min: 4, max: 8 },
      });
    }
  });

  it('a hub that cannot be reached is named by its host', async () => {
    const port = await closedPort();
    const args = { hubUrl: `http://127.0.0.1:${port}`, code: 'ABCD-1234' };
    assertText(await refusal('hub.connect', args, withKeychain), 'hub_unreachable', {
      id: 'hub_unreachable',
      params: { host: `127.0.0.1:${port}` },
    });
    // Without a keychain the station token has nowhere safe to go: said before any request.
    assertText(await refusal('hub.connect', args), 'keychain_unavailable', {
      id: 'keychain_unavailable_hub',
      params: {},
    });
  });

  it('a cancel and a retry refused in the session’s state say why', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Order 7001' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';
    await t.sim().submit(id, 'verified');
    assertText(await refusal('sessions.cancel', { id }), 'invalid_state', {
      id: 'cancel_refused',
      params: {},
    });

    const other = await t.call('sessions.start', { type: 'id_number', reference: 'Order 7002' });
    const otherId = other.outcome === 'created' ? other.session.id! : '';
    await t.call('sessions.cancel', { id: otherId });
    assertText(await refusal('sessions.retry', { id: otherId }), 'invalid_state', {
      id: 'retry_refused',
      params: { status: 'canceled' },
    });
  });

  it('a bad settings field says which rule it breaks', async () => {
    assertText(await refusal('settings.update', { returnUrl: 'ftp://example.com/' }), 'invalid_input', {
      id: 'settings_return_url',
      params: {},
    });
    const { slowIntervalMs } = await t.call('settings.get', {});
    // Only the fast interval is sent: the core checks it against the stored slow one.
    assertText(
      await refusal('settings.update', { fastIntervalMs: Math.min(slowIntervalMs + 1000, 60_000) }),
      'invalid_input',
      { id: 'settings_fast_slower', params: {} },
    );
  });

  it('a refusal whose field says nothing of itself keeps the code’s general text', async () => {
    const error = await refusal('sessions.start', { type: 'document', reference: '' });
    assert.equal(error.code, 'invalid_input');
    assert.equal(error.text, undefined);
  });
});
