/**
 * The hub's log lines (base/logger.ts createJsonLogger): one JSON object per line, the level
 * filter, every string redacted (message and fields), a field cannot pass for the line's own keys
 * or forge another line, and a failing sink changes nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLogger } from '../../base/logger.ts';

test('JSON lines: level, time, scope, msg and fields, redacted, filtered by level, one line each', () => {
  const lines: string[] = [];
  const log = createJsonLogger((l) => lines.push(l), {
    level: 'info',
    now: () => Date.UTC(2026, 11, 1),
  }).child('hub');
  log.debug('not written');
  log.child('db').warn('lost\nforged {"level":"error"}', {
    reason: 'key sk_live_abc123DEF and Bearer cs_station_secretTokenValue1 and mail a.person@example.com',
    msg: 'a field named like the line',
    count: 3,
    ok: true,
    none: null,
    skipped: undefined,
  });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes('\n'));
  assert.deepEqual(JSON.parse(lines[0]!), {
    level: 'warn',
    time: '2026-12-01T00:00:00.000Z',
    scope: 'hub.db',
    msg: 'lost\nforged {"level":"error"}',
    reason: 'key [redacted:key] and Bearer [redacted:key] and mail [redacted:email]',
    field_msg: 'a field named like the line',
    count: 3,
    ok: true,
    none: null,
  });
  const quiet = createJsonLogger(() => {
    throw new Error('disk full');
  });
  assert.doesNotThrow(() => quiet.error('still fine'));
});
