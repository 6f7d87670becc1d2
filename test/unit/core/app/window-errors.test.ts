// A window's uncaught errors reach main's log through app.reportError: redacted, trimmed, and
// rate-limited per window kind so a throwing render loop cannot flood the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecordingLogger } from '../../../../base/logger.ts';
import { createWindowErrorLog } from '../../../../main/core/app/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

test('an error report is logged once, redacted, with its stack cut to a dozen lines', () => {
  const logger = createRecordingLogger();
  const log = createWindowErrorLog({ logger, clock: new ManualClock(0) });
  const stack = Array.from(
    { length: 40 },
    (_, i) => `at frame${i} (app://countersign/assets/staff.js:1:${i})`,
  );
  const logged = log.report('staff', {
    source: 'error',
    message: 'TypeError: cannot read sk_live_abcdefghijklmnopqrstuvwx of a@b.example',
    stack: stack.join('\n'),
  });
  assert.equal(logged, true);
  assert.equal(logger.lines.length, 1);
  const line = logger.lines[0] ?? '';
  assert.match(line, /^error staff window: uncaught error message=/);
  assert.ok(!line.includes('sk_live_'), line);
  assert.ok(!line.includes('a@b.example'), line);
  assert.ok(line.includes('frame11'));
  assert.ok(!line.includes('frame12'), 'the stack is cut to 12 lines');
});

test('a burst is cut at the per-minute budget, per window kind, and what was dropped is counted', () => {
  const logger = createRecordingLogger();
  const clock = new ManualClock(0);
  const log = createWindowErrorLog({ logger, clock, perMinute: 5 });
  const results = Array.from({ length: 50 }, () =>
    log.report('customer', { source: 'render', message: 'boom' }),
  );
  assert.equal(results.filter(Boolean).length, 5);
  assert.equal(
    log.report('staff', { source: 'error', message: 'other window' }),
    true,
    'each kind has its own budget',
  );
  clock.advance(12_000); // one token back (60 s / 5)
  assert.equal(log.report('customer', { source: 'render', message: 'again' }), true);
  assert.match(logger.lines.at(-1) ?? '', /dropped_before=45/);
  assert.equal(log.report('customer', { source: 'render', message: 'too soon' }), false);
});
