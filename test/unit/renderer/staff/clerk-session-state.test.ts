/** A clerk's states: a failed or abandoned check never reads like one not started yet. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import {
  attemptText,
  sessionState,
  stateLabel,
  stateGroup,
  timelineSteps,
  type StateFacts,
} from '../../../../renderer/src/staff/clerk-session-state.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

const waiting: StateFacts = { status: 'requires_input', lastErrorCode: null, attempts: 1, maxAttempts: 3 };

describe('session states for the console', () => {
  it('new, failed, abandoned and out of attempts are four different states and labels', async () => {
    const states = [
      sessionState(waiting),
      sessionState({ ...waiting, lastErrorCode: 'document_expired' }),
      sessionState({ ...waiting, lastErrorCode: 'abandoned' }),
      sessionState({ ...waiting, lastErrorCode: 'document_expired', attempts: 3 }),
    ];
    assert.deepEqual(states, ['new', 'failed', 'abandoned', 'no_attempts_left']);
    assert.equal(new Set(states.map((s) => stateLabel(s))).size, 4);
    assert.notEqual(stateLabel('failed'), stateLabel('new'));
  });

  it('groups: active, needs attention, done', async () => {
    const group = (f: Partial<StateFacts>) => stateGroup(sessionState({ ...waiting, ...f }));
    assert.equal(group({}), 'active');
    assert.equal(group({ status: 'queued' }), 'active');
    assert.equal(group({ status: 'processing' }), 'active');
    assert.equal(group({ lastErrorCode: 'selfie_face_mismatch' }), 'attention');
    assert.equal(group({ lastErrorCode: 'abandoned' }), 'attention');
    assert.equal(group({ status: 'failed' }), 'attention');
    assert.equal(group({ status: 'verified' }), 'done');
    assert.equal(group({ status: 'canceled' }), 'done');
    assert.equal(sessionState({ ...waiting, status: 'canceled', lastErrorCode: 'withdrawn' }), 'withdrawn');
    assert.equal(group({ status: 'canceled', lastErrorCode: 'withdrawn' }), 'done');
  });
});

describe('the timeline and attempts as staff read them', () => {
  it('a repeated step is shown once', async () => {
    const steps = timelineSteps([
      { type: 'identity.verification_session.created', at: 1 },
      { type: 'created', at: 2 },
      { type: 'identity.verification_session.requires_input', at: 3 },
      { type: 'identity.verification_session.canceled', at: 4 },
      { type: 'canceled', at: 5 },
    ]);
    assert.deepEqual(
      steps.map((s) => s.at),
      [1, 3, 4],
    );
    // A failure after a retry is a new step, not a repeat.
    const retried = timelineSteps([
      { type: 'requires_input', at: 1 },
      { type: 'processing', at: 2 },
      { type: 'requires_input', at: 3 },
    ]);
    assert.equal(retried.length, 3);
  });

  it('never "attempt 0 of 3"', async () => {
    assert.doesNotMatch(attemptText({ attempts: 0, maxAttempts: 3 }), /attempt 0/);
    assert.equal(attemptText({ attempts: 2, maxAttempts: 3 }), 'attempt 2 of 3');
  });

  it('speaks Japanese when the page does, ICU plurals and numbers included', async () => {
    await applyLanguage('ja');
    assert.equal(attemptText({ attempts: 2, maxAttempts: 3 }), '3回中2回目');
    assert.equal(attemptText({ attempts: 0, maxAttempts: 3 }), '試行前（最大3回）');
    assert.equal(stateLabel('abandoned'), 'お客様が中断');
    await applyLanguage('en');
    assert.equal(stateLabel('abandoned'), 'Customer left');
  });
  after(() => applyLanguage('en'));
});
