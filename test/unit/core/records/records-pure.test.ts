import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../../base/backoff.ts';
import { csvCell, localIsoTime, recordsToCsv } from '../../../../main/core/records/csv.ts';
import {
  RECORDS_SCHEMA_VERSION,
  RECORD_MIGRATIONS,
  isPlainShardBody,
  migrateShardBody,
  shardBodySchema,
} from '../../../../main/core/records/record-schema.ts';
import type { SessionRecord } from '../../../../main/core/records/index.ts';
import { DAY_MS, isExpired, retentionMs } from '../../../../main/core/records/retention.ts';
import { createRateLimiter } from '../../../../base/rate-limiter.ts';
import { seal, unseal } from '../../../../main/core/keychain/index.ts';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../../support/manual-clock.ts';

const record: SessionRecord = {
  clientReferenceId: 'csr_a',
  sessionId: 'vs_1',
  reference: 'ORDER-1',
  type: 'document',
  status: 'verified',
  lastErrorCode: null,
  attempts: 1,
  station: 'counter-1',
  staff: null,
  created: Date.UTC(2025, 0, 2, 3, 4, 5),
  updated: Date.UTC(2025, 0, 2, 3, 4, 5),
  redacted: false,
  redactedAt: null,
};

describe('CSV export', () => {
  it('quotes per RFC 4180', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(3), '3');
    assert.equal(csvCell(false), 'false');
  });

  it('defuses cells that a spreadsheet would run as formulas', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('a=b'), 'a=b');
  });

  it("writes a BOM, a readable header and CRLF-terminated lines, in the station's local time", () => {
    const tokyo = () => 9 * 60;
    const csv = recordsToCsv([{ ...record, reference: '=1+1' }], tokyo);
    assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 with a byte-order mark, for spreadsheet programs');
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines[0]!.split(',')[0], 'Created');
    assert.match(
      lines[1]!,
      // The last four cells are a check by staff's (empty on a Stripe verification).
      /^2025-01-02T12:04:05\+09:00,2025-01-02T12:04:05\+09:00,'=1\+1,csr_a,vs_1,document,verified,,1,counter-1,,false,,,,,$/,
    );
    assert.equal(lines[2], '');
  });

  it('gives each time the offset of its own moment (daylight saving)', () => {
    assert.equal(
      localIsoTime(Date.UTC(2025, 6, 1, 12), () => -4 * 60),
      '2025-07-01T08:00:00-04:00',
    );
    assert.equal(
      localIsoTime(Date.UTC(2025, 0, 1, 12), () => -5 * 60),
      '2025-01-01T07:00:00-05:00',
    );
    assert.equal(
      localIsoTime(Date.UTC(2025, 0, 1, 0, 30), () => 330),
      '2025-01-01T06:00:00+05:30',
    );
  });
});

describe('retention', () => {
  it('expires by last change, never a queued creation', () => {
    const now = 1_000 * DAY_MS;
    const keep = retentionMs(90);
    assert.equal(isExpired({ updated: now - 91 * DAY_MS, status: 'verified' }, now, keep), true);
    assert.equal(isExpired({ updated: now - 89 * DAY_MS, status: 'verified' }, now, keep), false);
    assert.equal(isExpired({ updated: now - 400 * DAY_MS, status: 'queued' }, now, keep), false);
    assert.throws(() => retentionMs(0), RangeError);
  });
});

describe('history schema migrations', () => {
  it('brings the v0 prototype fixture to the current version', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../../fixtures/records/history-v0.json', import.meta.url), 'utf8'),
    );
    const { value, migrated } = migrateShardBody(fixture.doc.body);
    assert.equal(migrated, true);
    assert.equal(value.schemaVersion, RECORDS_SCHEMA_VERSION);
    assert.deepEqual(value.records[1], {
      clientReferenceId: 'csr_proto_b',
      sessionId: null,
      reference: 'TICKET 77',
      type: 'id_number',
      status: 'requires_input',
      lastErrorCode: 'document_expired',
      attempts: 0,
      station: null,
      staff: null,
      created: Date.parse('2024-05-02T10:00:00.000Z'),
      updated: Date.parse('2024-05-02T10:00:00.000Z'),
      redacted: false,
      redactedAt: null,
    });
  });

  it('has one step per version and refuses newer or invalid bodies', () => {
    for (let v = 0; v < RECORDS_SCHEMA_VERSION; v++) assert.equal(typeof RECORD_MIGRATIONS[v], 'function');
    assert.throws(
      () => migrateShardBody({ schemaVersion: RECORDS_SCHEMA_VERSION + 1, records: [] }),
      /newer/,
    );
    assert.throws(() => migrateShardBody({ schemaVersion: 2, records: [{ ...record, url: 'https://x' }] }));
    assert.equal(migrateShardBody({ schemaVersion: 2, records: [record] }).migrated, false);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with half of it random', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    assert.equal(
      backoffDelay(1, policy, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(1, policy, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      200,
    );
    assert.equal(
      backoffDelay(30, policy, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(1000, policy, () => 0),
      500,
    );
  });
});

describe('rate limiter', () => {
  it('spaces requests evenly and honours a pause', async () => {
    const clock = new ManualClock(0);
    const limiter = createRateLimiter(25, clock);
    /** When each acquire resolves, on the clock. */
    const granted: number[] = [];
    const acquire = () => limiter.acquire().then(() => granted.push(clock.now()));
    await acquire();
    const queued = [acquire(), acquire()];
    await clock.advanceAsync(39);
    assert.deepEqual(granted, [0], 'the second waits its 40 ms');
    await clock.advanceAsync(41);
    await Promise.all(queued);
    assert.deepEqual(granted, [0, 40, 80]);
    await clock.advanceAsync(920);
    limiter.pause(500);
    const paused = acquire();
    await clock.advanceAsync(499);
    assert.equal(granted.length, 3, 'not during the pause');
    await clock.advanceAsync(1);
    await paused;
    assert.deepEqual(granted, [0, 40, 80, 1500]);
  });
});

describe('sealing', () => {
  it('round-trips and is bound to its item', () => {
    const key = randomBytes(32);
    const box = seal({ email: 'a@b.co' }, key, 'csr_1');
    assert.ok(!JSON.stringify(box).includes('a@b.co'));
    assert.deepEqual(unseal(box, key, 'csr_1'), { email: 'a@b.co' });
    assert.throws(() => unseal(box, key, 'csr_2'), { code: 'store_corrupt' });
    assert.throws(() => unseal(box, randomBytes(32), 'csr_1'), { code: 'store_corrupt' });
  });
});

describe('fast shard check', () => {
  const body = (...records: unknown[]) => ({ schemaVersion: RECORDS_SCHEMA_VERSION, records });
  const valid: SessionRecord[] = [
    record,
    {
      ...record,
      sessionId: null,
      reference: '',
      type: 'id_number',
      status: 'queued',
      lastErrorCode: 'x'.repeat(100),
      attempts: 0,
      station: null,
      staff: 's'.repeat(100),
      created: -0,
      updated: Number.MAX_SAFE_INTEGER,
      redacted: true,
      redactedAt: Number.MIN_SAFE_INTEGER,
    },
    { ...record, clientReferenceId: 'c'.repeat(200), sessionId: 'v'.repeat(255), reference: 'r'.repeat(200) },
    { ...record, reference: 'Bestellung-ä-😀', station: '' },
    ...(['failed', 'requires_input', 'processing', 'canceled'] as const).map((status) => ({
      ...record,
      status,
    })),
  ];
  // Every field given every kind of wrong value, plus damage to the record and the body.
  const wrongValues: unknown[] = [
    undefined,
    null,
    '',
    'x',
    'x'.repeat(101),
    'x'.repeat(201),
    'x'.repeat(256),
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    {},
    'document',
    'verified',
    'Verified',
  ];
  // Mutations of a valid record, some of them still valid: the schema decides which.
  const mutatedRecords: unknown[] = [
    ...Object.keys(record).flatMap((key) => wrongValues.map((value) => ({ ...record, [key]: value }))),
    ...Object.keys(record).map((key) =>
      Object.fromEntries(Object.entries(record).filter(([k]) => k !== key)),
    ),
    { ...record, url: 'https://example.com' },
    { ...record, email: undefined },
    JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(record).slice(1)}`),
    Object.assign(Object.create({ inherited: 1 }) as object, record),
    null,
    [record],
    'record',
  ];
  const mutatedBodies: unknown[] = [
    ...mutatedRecords.map((r) => body(record, r)),
    { ...body(record), extra: 1 },
    { schemaVersion: 1, records: [record] },
    { schemaVersion: '2', records: [record] },
    { schemaVersion: RECORDS_SCHEMA_VERSION },
    { schemaVersion: RECORDS_SCHEMA_VERSION, records: { 0: record } },
    { records: [record] },
    null,
    [],
    'body',
  ];
  // The schema accepts these, measuring strings in code points; the fast check defers to it.
  const schemaOnly: unknown[] = [
    body({ ...record, reference: '😀'.repeat(150) }),
    body({ ...record, staff: '😀'.repeat(100) }),
  ];

  it('accepts the valid bodies as they are, equal to what the schema returns', () => {
    for (const candidate of [body(), body(...valid), ...valid.map((r) => body(r))]) {
      assert.equal(isPlainShardBody(candidate), true, JSON.stringify(candidate));
      assert.deepEqual(shardBodySchema.parse(candidate), candidate);
      assert.equal(migrateShardBody(candidate).value, candidate);
    }
  });

  it('accepts exactly what the schema accepts, and rejects exactly what it rejects', () => {
    let accepted = 0;
    for (const candidate of mutatedBodies) {
      const parsed = shardBodySchema.safeParse(candidate);
      const label = JSON.stringify(candidate);
      assert.equal(isPlainShardBody(candidate), parsed.success, label);
      if (parsed.success) {
        accepted++;
        assert.deepEqual(parsed.data, candidate, label);
      } else if (
        (candidate as { schemaVersion?: unknown } | null)?.schemaVersion === RECORDS_SCHEMA_VERSION
      ) {
        assert.throws(() => migrateShardBody(candidate), label);
      }
    }
    // The mutations cover both sides: most are damage, a few happen to be valid values.
    assert.ok(accepted > 10 && mutatedBodies.length - accepted > 200, `${accepted}/${mutatedBodies.length}`);
  });

  it('leaves what it cannot tell quickly to the schema, which stays the authority', () => {
    for (const candidate of schemaOnly) {
      assert.equal(isPlainShardBody(candidate), false);
      assert.deepEqual(migrateShardBody(candidate).value, shardBodySchema.parse(candidate));
    }
  });
});
