/** The order a session's steps are shown in, whatever the clocks that stamped them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTimelines } from '../../../../main/core/sessions/index.ts';

describe('a session timeline', () => {
  it('lists the creation first even when this machine’s clock is behind Stripe’s', () => {
    const t = createTimelines();
    const stripeCreated = 1_800_000_005_000;
    // This machine's clock is three seconds behind: its own steps carry earlier times.
    t.add('vs_1', 'recovered_unwaited', stripeCreated - 3000);
    t.add('vs_1', 'canceled', stripeCreated - 3000);
    t.add('vs_1', 'created', stripeCreated);
    assert.deepEqual(
      t.steps('vs_1').map((s) => s.type),
      ['created', 'recovered_unwaited', 'canceled'],
    );
  });

  it('a queued creation comes before its creation, and the rest follows by time', () => {
    const t = createTimelines();
    t.add('ref-1', 'queued', 10_000);
    t.add('vs_2', 'processing', 12_000);
    t.add('vs_2', 'requires_input', 11_000);
    t.add('vs_2', 'created', 15_000);
    t.link('ref-1', 'vs_2');
    assert.deepEqual(
      t.steps('vs_2').map((s) => s.type),
      ['queued', 'created', 'requires_input', 'processing'],
    );
  });

  it('keeps once-only steps once and does not repeat the last step', () => {
    const t = createTimelines();
    t.add('vs_3', 'created', 1000);
    t.add('vs_3', 'created', 2000);
    t.add('vs_3', 'canceled', 3000);
    t.add('vs_3', 'canceled', 3000);
    assert.deepEqual(
      t.steps('vs_3').map((s) => s.type),
      ['created', 'canceled'],
    );
  });
});
