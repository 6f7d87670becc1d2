import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INITIAL_CUSTOMER_STATE,
  WAITING_TIMEOUT_MS,
  idleResetAt,
  reduceCustomerFlow,
} from '../../../../main/core/customer/customer-flow.ts';
import type { CustomerFlowAction, CustomerFlowState } from '../../../../main/core/customer/customer-flow.ts';

const run = (actions: CustomerFlowAction[], start: CustomerFlowState = INITIAL_CUSTOMER_STATE) =>
  actions.reduce((s, a, i) => reduceCustomerFlow(s, a, 1000 * (i + 1)), start);

/** Staff hand session vs_1 over on the customer screen. */
const presentOnScreen = (attemptsLeft: number): CustomerFlowAction => ({
  type: 'present',
  sessionId: 'vs_1',
  via: 'screen',
  qrSvg: null,
  attemptsLeft,
});

const status = (
  status: 'requires_input' | 'processing' | 'verified' | 'canceled',
  lastErrorCode: string | null = null,
  attemptsLeft = 2,
): CustomerFlowAction => ({
  type: 'status',
  sessionId: 'vs_1',
  status,
  redacted: false,
  lastErrorCode,
  attemptsLeft,
});

describe('customer flow', () => {
  it('welcome → in the flow → checking → verified', () => {
    const present = presentOnScreen(2);
    assert.equal(run([present]).screen, 'in_flow');
    assert.equal(run([present, { type: 'returned', sessionId: 'vs_1' }]).screen, 'checking');
    const done = run([
      present,
      { type: 'returned', sessionId: 'vs_1' },
      status('processing'),
      status('verified'),
    ]);
    assert.equal(done.screen, 'verified');
    assert.equal(done.errorCode, null);
  });

  it('a QR handoff shows the code until the phone submits', () => {
    const s = run([{ type: 'present', sessionId: 'vs_1', via: 'qr', qrSvg: '<svg></svg>', attemptsLeft: 2 }]);
    assert.equal(s.screen, 'handoff');
    assert.equal(s.qrSvg, '<svg></svg>');
    const after = reduceCustomerFlow(s, status('processing'), 5000);
    assert.equal(after.screen, 'checking');
    assert.equal(after.qrSvg, null, 'the code disappears once used');
  });

  it('a failed check guides the customer while attempts remain, then asks for staff', () => {
    const present = presentOnScreen(1);
    const failed = run([present, status('processing'), status('requires_input', 'document_expired', 1)]);
    assert.equal(failed.screen, 'requires_input');
    assert.equal(failed.errorCode, 'document_expired');
    const retried = reduceCustomerFlow(
      failed,
      { type: 'retry_started', sessionId: 'vs_1', attemptsLeft: 0 },
      9000,
    );
    assert.equal(retried.screen, 'in_flow');
    const out = reduceCustomerFlow(retried, status('requires_input', 'selfie_face_mismatch', 0), 10_000);
    assert.equal(out.screen, 'ask_staff');
  });

  it('sends the customer to staff at once when another try cannot help', () => {
    const present = presentOnScreen(2);
    const s = run([present, status('requires_input', 'under_supported_age', 2)]);
    assert.equal(s.screen, 'ask_staff');
    assert.equal(s.errorCode, 'under_supported_age');
  });

  it('ignores the freshly created state and other sessions', () => {
    const present = presentOnScreen(2);
    const s = run([present, status('requires_input', null)]);
    assert.equal(s.screen, 'in_flow');
    const other = reduceCustomerFlow(
      s,
      { ...status('verified'), sessionId: 'vs_other' } as CustomerFlowAction,
      9,
    );
    assert.equal(other, s);
  });

  it('canceled at the counter → the customer screen says so; redacted → back to welcome', () => {
    const present = presentOnScreen(2);
    assert.equal(run([present, status('canceled')]).screen, 'canceled');
    const redacted = run([
      present,
      {
        type: 'status',
        sessionId: 'vs_1',
        status: 'canceled',
        redacted: true,
        lastErrorCode: null,
        attemptsLeft: 0,
      },
    ]);
    assert.equal(redacted.screen, 'welcome');
    assert.equal(redacted.sessionId, null);
  });

  it('goes back to welcome after the idle time on result screens, after a long wait on waiting ones', () => {
    const present = presentOnScreen(2);
    const inFlow = run([present]);
    assert.equal(
      idleResetAt(inFlow, 60),
      inFlow.since + WAITING_TIMEOUT_MS,
      'a screen waiting on the hosted flow is left on its own too, only later',
    );
    const verified = run([present, status('verified')]);
    assert.equal(idleResetAt(verified, 60), verified.since + 60_000);
    assert.equal(reduceCustomerFlow(verified, { type: 'idle' }, 99).screen, 'welcome');
    assert.equal(reduceCustomerFlow(inFlow, { type: 'idle' }, 99).screen, 'welcome');
    assert.equal(idleResetAt(INITIAL_CUSTOMER_STATE, 60), null, 'welcome stays');
  });

  it('keeps the customer’s language through the flow and forgets it back at welcome', () => {
    const chosen = run([{ type: 'language', language: 'ja' }]);
    assert.equal(chosen.language, 'ja');
    assert.equal(chosen.since, INITIAL_CUSTOMER_STATE.since, 'not a new screen: the idle time runs on');
    // A kiosk Begin starts with "done" on welcome: the choice stays for the flow.
    const flow = run(
      [{ type: 'done' }, presentOnScreen(2), status('requires_input', 'document_expired')],
      chosen,
    );
    assert.equal(flow.language, 'ja');
    assert.equal(run([{ type: 'done' }], flow).language, null, 'the next customer starts afresh');
    assert.equal(run([{ type: 'idle' }], flow).language, null);
  });
});
