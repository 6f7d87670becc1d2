/**
 * Every `last_error.code` a session can end with reaches the app: through the app's own gateway
 * against the simulator over HTTP, each code that fits a session's checks lands in the session's
 * `last_error` and, for check failures, in the report's failing check. Every answer is checked
 * against the pinned version's shapes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Gateway, SessionCreateParams, VerificationReport } from '../../../main/core/stripe/index.ts';
import {
  FAILURES,
  LAST_ERROR_CODES,
  outcomesFor,
  type LastErrorCode,
} from '../../../main/simulator/failures.ts';
import type { RunningSimulator } from '../../../main/simulator/index.ts';
import { checksOf } from '../../../main/simulator/session-records.ts';
import { startSimulatorBackend, type TestBackend } from '../../support/backend.ts';

/** The report section a check's error is in. */
const SECTION = {
  document: 'document',
  selfie: 'selfie',
  id_number: 'id_number',
  email: 'email',
  phone: 'phone',
} as const;

describe('core: every failure code reaches the session and its report', () => {
  let backend: TestBackend;
  let sim: RunningSimulator;
  let gateway: Gateway;
  let n = 0;

  before(async () => {
    backend = await startSimulatorBackend({ processingDelayMs: 5 });
    sim = backend.simulator!;
    gateway = backend.gateway();
  });
  after(() => backend.close());

  function create(params: Omit<SessionCreateParams, 'client_reference_id'>) {
    n += 1;
    return gateway.createSession({ ...params, client_reference_id: `codes-${n}` }, `codes-key-${n}`);
  }

  /** Resolves when the session is back in requires_input (after processing, for check failures). */
  function backToInput(id: string): Promise<void> {
    return new Promise((resolve) => {
      const stop = sim.onStatusChange((sid, status) => {
        if (sid === id && status === 'requires_input') {
          stop();
          resolve();
        }
      });
    });
  }

  async function failWith(params: Omit<SessionCreateParams, 'client_reference_id'>, code: LastErrorCode) {
    const session = await create(params);
    const back = backToInput(session.id);
    await sim.submit(session.id, code);
    await back;
    const after = await gateway.retrieveSession(session.id);
    assert.equal(after.status, 'requires_input', code);
    assert.equal(after.last_error?.code, code);
    assert.equal(after.last_error?.reason, FAILURES[code].reason);
    const source = FAILURES[code].source;
    if (source === 'flow') {
      assert.equal(after.last_verification_report, null, `${code}: nothing was submitted, so no report`);
      return;
    }
    const expanded = await gateway.retrieveSession(session.id, ['last_verification_report']);
    const report = expanded.last_verification_report as VerificationReport;
    assert.equal(report.verification_session, session.id);
    if (source === 'age') {
      assert.equal(report.document?.status, 'verified', 'the document itself checks out');
      return;
    }
    const check = report[SECTION[source]] as { status: string; error: { code: string } | null } | undefined;
    assert.equal(check?.status, 'unverified', `${code}: the ${source} check failed`);
    assert.equal(check?.error?.code, code);
    for (const other of Object.values(SECTION)) {
      if (other === SECTION[source]) continue;
      const section = report[other] as { status: string } | undefined;
      if (section) assert.equal(section.status, 'verified', `${code}: the ${other} check passed`);
    }
  }

  const configurations: Array<{
    name: string;
    params: () => Omit<SessionCreateParams, 'client_reference_id'>;
  }> = [
    { name: 'document', params: () => ({ type: 'document' }) },
    {
      name: 'document with selfie and ID number',
      params: () => ({
        type: 'document',
        options: { document: { require_matching_selfie: true, require_id_number: true } },
      }),
    },
    { name: 'id_number', params: () => ({ type: 'id_number' }) },
  ];

  for (const { name, params } of configurations) {
    it(`${name}: each code its checks can produce`, async () => {
      const p = params();
      const checks = checksOf({
        type: p.type as 'document' | 'id_number',
        documentOptions: (p.options?.document || {}) as object,
        contactChecks: { email: false, phone: false },
      });
      const codes = outcomesFor(checks).filter((o): o is LastErrorCode => o !== 'verified');
      assert.ok(codes.length >= 5);
      for (const code of codes) await failWith(p, code);
    });
  }

  it('a verification flow with email and phone checks: their codes too, and so all 19 are reachable', async () => {
    const flow = sim.defineVerificationFlow({
      document: { require_matching_selfie: true, require_id_number: true },
      email: true,
      phone: true,
    });
    const session = await create({ verification_flow: flow, provided_details: { email: 'a@example.com' } });
    assert.equal(session.type, 'verification_flow');
    assert.equal(session.options?.email?.require_verification, true);
    for (const code of LAST_ERROR_CODES) {
      await failWith(
        { verification_flow: flow, provided_details: { email: 'a@example.com', phone: '+15555550100' } },
        code,
      );
    }
  });

  it('a code the session’s checks cannot produce is refused', async () => {
    const idNumber = await create({ type: 'id_number' });
    await assert.rejects(
      () => sim.submit(idNumber.id, 'document_expired'),
      /cannot end with document_expired/,
    );
    const plain = await create({ type: 'document' });
    for (const code of ['selfie_face_mismatch', 'id_number_mismatch', 'email_unverified_other'] as const) {
      await assert.rejects(() => sim.submit(plain.id, code), new RegExp(code));
    }
    assert.equal((await gateway.retrieveSession(plain.id)).last_error, null);
  });
});
