/** A clerk's states: a failed or abandoned check never reads like one not started yet. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionState, STATE_LABELS, stateGroup, type StateFacts } from '../../renderer/src/session-state.ts';

const waiting: StateFacts = { status: 'requires_input', lastErrorCode: null, attempts: 1, maxAttempts: 3 };

describe('session states for the console', () => {
  it('new, failed, abandoned and out of attempts are four different states and labels', () => {
    const states = [
      sessionState(waiting),
      sessionState({ ...waiting, lastErrorCode: 'document_expired' }),
      sessionState({ ...waiting, lastErrorCode: 'abandoned' }),
      sessionState({ ...waiting, lastErrorCode: 'document_expired', attempts: 3 }),
    ];
    assert.deepEqual(states, ['new', 'failed', 'abandoned', 'no_attempts_left']);
    assert.equal(new Set(states.map((s) => STATE_LABELS[s])).size, 4);
    assert.notEqual(STATE_LABELS.failed, STATE_LABELS.new);
  });

  it('groups: active, needs attention, done', () => {
    const group = (f: Partial<StateFacts>) => stateGroup(sessionState({ ...waiting, ...f }));
    assert.equal(group({}), 'active');
    assert.equal(group({ status: 'queued' }), 'active');
    assert.equal(group({ status: 'processing' }), 'active');
    assert.equal(group({ lastErrorCode: 'selfie_face_mismatch' }), 'attention');
    assert.equal(group({ lastErrorCode: 'abandoned' }), 'attention');
    assert.equal(group({ status: 'failed' }), 'attention');
    assert.equal(group({ status: 'verified' }), 'done');
    assert.equal(group({ status: 'canceled' }), 'done');
  });
});
