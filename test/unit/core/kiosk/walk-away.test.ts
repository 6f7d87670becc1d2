// The kiosk's walk-away decision (main/core/kiosk/walk-away.ts): when a customer who left mid-flow
// is let go, and whether their session is canceled. Pure, over timestamps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WALK_AWAY_CANCEL_REASON, walkAwayDecision } from '../../../../main/core/kiosk/index.ts';

describe('walk-away', () => {
  const NOW = 5_000_000;
  const IDLE = 120;

  test('before the idle time: wait until it runs out', () => {
    assert.deepEqual(
      walkAwayDecision({ screen: 'in_flow', sessionStatus: 'requires_input' }, NOW - 119_999, NOW, IDLE),
      {
        action: 'wait',
        until: NOW + 1,
      },
    );
  });

  test('after it: reset, and cancel a session still waiting for the customer', () => {
    for (const screen of ['in_flow', 'requires_input', 'ask_staff'] as const)
      assert.deepEqual(
        walkAwayDecision({ screen, sessionStatus: 'requires_input' }, NOW - 120_000, NOW, IDLE),
        {
          action: 'reset',
          cancel: WALK_AWAY_CANCEL_REASON,
        },
        screen,
      );
    assert.equal(WALK_AWAY_CANCEL_REASON, 'customer_walked_away');
  });

  test('a session past requires_input is left alone; only the screen resets', () => {
    for (const [screen, sessionStatus] of [
      ['verified', 'verified'],
      ['canceled', 'canceled'],
      ['in_flow', 'processing'],
      ['in_flow', null],
    ] as const)
      assert.deepEqual(
        walkAwayDecision({ screen, sessionStatus }, NOW - 600_000, NOW, IDLE),
        {
          action: 'reset',
          cancel: null,
        },
        `${screen}/${sessionStatus}`,
      );
  });

  test('a QR hand-over resets the screen but never cancels: the customer may be on their phone', () => {
    assert.deepEqual(
      walkAwayDecision({ screen: 'handoff', sessionStatus: 'requires_input' }, NOW - 600_000, NOW, IDLE),
      {
        action: 'reset',
        cancel: null,
        reason: 'handoff_in_progress',
      },
    );
  });

  test('nothing on welcome, nothing while Stripe checks, nothing when turned off', () => {
    assert.deepEqual(walkAwayDecision({ screen: 'welcome', sessionStatus: null }, 0, NOW, IDLE), {
      action: 'none',
      reason: 'not_in_flow',
    });
    assert.deepEqual(walkAwayDecision({ screen: 'checking', sessionStatus: 'processing' }, 0, NOW, IDLE), {
      action: 'none',
      reason: 'checking',
    });
    assert.deepEqual(walkAwayDecision({ screen: 'in_flow', sessionStatus: 'requires_input' }, 0, NOW, 0), {
      action: 'none',
      reason: 'disabled',
    });
  });

  test('activity stamped in the future (clock set back) waits the full idle time from now', () => {
    assert.deepEqual(
      walkAwayDecision({ screen: 'in_flow', sessionStatus: 'requires_input' }, NOW + 86_400_000, NOW, IDLE),
      {
        action: 'wait',
        until: NOW + 120_000,
      },
    );
  });
});
