/**
 * Issue 8, item 9: redacting a waiting verification cancels it first (and the record says so),
 * and the session view tells a new session from a failed check, an abandoned flow and one
 * waiting in the flow, derived in one place (`sessionPhase`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCore, type TestCore } from '../../support/app-core.ts';
import { eventually } from '../../support/backend.ts';

describe('what a clerk needs to tell apart', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore();
  });
  after(() => t.close());

  const phaseOf = async (id: string) => (await t.call('sessions.get', { id })).session.phase;
  const waitPhase = (id: string, phase: string) =>
    eventually(async () => ((await phaseOf(id)) === phase ? true : undefined), 8000);

  it('new → in_flow → failed_check → in_flow → abandoned, each its own phase', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Phase 1' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';
    assert.equal(started.outcome === 'created' ? started.session.phase : '', 'new');
    await t.call('customer.present', { id, via: 'screen' });
    assert.equal(await phaseOf(id), 'in_flow');
    await t.sim().submit(id, 'document_expired');
    await waitPhase(id, 'failed_check');
    await t.call('sessions.retry', { id });
    await t.sim().submit(id, 'abandoned');
    await waitPhase(id, 'abandoned');
    const rows = await t.call('history.search', { reference: 'Phase 1', page: 0, pageSize: 10 });
    assert.equal(rows.rows[0]?.phase, 'abandoned', 'History rows carry it too');
  });

  it('redacting a waiting verification cancels it first, and the record says so', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Redact 1' });
    const id = started.outcome === 'created' ? started.session.id! : '';
    await t.call('customer.present', { id, via: 'screen' });
    const redacted = await t.call('sessions.redact', { id });
    assert.equal(redacted.status, 'canceled');
    assert.equal(redacted.redacted, true);
    assert.equal(redacted.phase, 'redacted');
    const steps = (await t.call('sessions.get', { id })).timeline.map((s) => s.type);
    assert.ok(steps.includes('canceled'), `the timeline says it was canceled (${steps.join(', ')})`);
    assert.ok(steps.indexOf('canceled') < steps.indexOf('redacted'), 'canceled, then redacted');
    const canceledShown = t.seen.some(
      (s) =>
        s.event === 'session.updated' &&
        (s.payload as { id: string }).id === id &&
        (s.payload as { status: string; redacted: boolean }).status === 'canceled' &&
        !(s.payload as { redacted: boolean }).redacted,
    );
    assert.ok(canceledShown, 'the console saw the cancel before the redaction');
  });
});
