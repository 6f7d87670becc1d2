// The log a support person reads: every kind of secret and personal datum goes through the
// app's logging setup (main/shell/logging.ts: the real electron-log, its file transport in a temp
// folder, the redaction hook) and the file read back holds none of them, while what support
// needs (session ids, codes, timestamps, durations) is still there.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import electronLog from 'electron-log/node';
import { createLogger, createRecordingLogger, redact, silentLogger } from '../../../base/logger.ts';
import { createAppLog, previousLogPath, type AppLog } from '../../../main/shell/logging.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';

// Assembled at run time: made-up keys no secret scanner should mistake for real ones.
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);
const LIVE_KEY = ['sk', 'live', `51Made${alnum(40)}`].join('_');
const TEST_KEY = ['sk', 'test', `51Made${alnum(40)}`].join('_');
const RESTRICTED_KEY = ['rk', 'live', `51Made${alnum(40)}`].join('_');
const STRIPE_HOSTED_URL = `https://verify.stripe.com/start/test_${alnum(60)}`;
const STRIPE_CLIENT_SECRET = `vs_1Made${alnum(20)}_secret_live_${alnum(60)}`;
const EMAIL = 'jenny.rosen+counter@example.co.uk';
const PHONES = [
  '+14155552671',
  '+44 20 7946 0958',
  '+1 (415) 555-2671',
  '(415) 555-2671',
  '415-555-2671',
  '415.555.2671',
  '020 7946 0958',
  '07700 900123',
  '+33 6 12 34 56 78',
  '0044 20 7946 0958',
];
const PERSON = {
  first: 'Jennifer',
  last: 'Rosenthal',
  idNumber: '987-65-4321',
  doc: 'XK1234567',
  line1: '27 Fredrick Ave',
};
const VERIFIED_OUTPUTS = JSON.stringify({
  id: 'vs_1MadeUpSession0000000000',
  status: 'verified',
  verified_outputs: {
    first_name: PERSON.first,
    last_name: PERSON.last,
    dob: { day: 17, month: 3, year: 1984 },
    address: { line1: PERSON.line1, city: 'Brothers', postal_code: '97712', country: 'US' },
    id_number: PERSON.idNumber,
    id_number_type: 'us_ssn',
    email: EMAIL,
    phone: PHONES[0],
  },
});
const DOCUMENT_REPORT = JSON.stringify({
  document: {
    first_name: PERSON.first,
    number: PERSON.doc,
    dob: { day: 17, month: 3, year: 1984 },
    status: 'verified',
  },
});

/** Which needles occur in a text: the scan the assertions below rely on. */
function leaks(text: string, needles: readonly string[]): string[] {
  return needles.filter((needle) => text.includes(needle));
}

describe('log redaction through the real electron-log file', () => {
  let sim: RunningSimulator;
  let dir: string;
  let appLog: AppLog;
  let session: { id: string; url: string; client_secret: string };
  let needles: string[];
  const context = {
    timestamp: '2026-12-01T03:53:07.123Z',
    code: 'document_expired',
    duration: '1500ms',
    epochMs: '1764561187123',
  };

  before(async () => {
    sim = await startSimulator({ processingDelayMs: 0 });
    const response = await fetch(`${sim.url}/v1/identity/verification_sessions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sim.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'type=document&return_url=https%3A%2F%2Freturn.countersign.invalid%2Fdone',
    });
    assert.equal(response.status, 200);
    session = (await response.json()) as typeof session;
    assert.match(session.url, /\/hosted\/vs_\w+\?token=\w+/, 'a live hosted url from the simulator');
    const token = new URL(session.url).searchParams.get('token') ?? '';
    needles = [
      LIVE_KEY,
      TEST_KEY,
      RESTRICTED_KEY,
      sim.secretKey,
      session.client_secret,
      session.client_secret.split('_secret_')[1]!,
      session.url,
      token,
      STRIPE_HOSTED_URL,
      STRIPE_HOSTED_URL.split('/start/')[1]!,
      STRIPE_CLIENT_SECRET.split('_secret_')[1]!,
      EMAIL,
      ...PHONES,
      PERSON.first,
      PERSON.last,
      PERSON.idNumber,
      PERSON.doc,
      PERSON.line1,
      '1984',
    ];
    dir = mkdtempSync(join(tmpdir(), 'countersign-logs-'));
    appLog = createAppLog({ directory: dir, development: false });
  });

  after(async () => {
    appLog.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same lines, whatever writes them. */
  function writeEverything(info: (line: string) => void): void {
    info(`keys: ${LIVE_KEY} ${TEST_KEY} Authorization: Bearer ${RESTRICTED_KEY}`);
    info(`simulator key ${sim.secretKey} session ${session.id}`);
    info(`created ${JSON.stringify(session)}`);
    info(`hosted flow opened at ${session.url} for ${session.id}`);
    info(`stripe answered {"url":"${STRIPE_HOSTED_URL}","client_secret":"${STRIPE_CLIENT_SECRET}"}`);
    info(`request https://api.stripe.com/v1/identity/verification_sessions?key=${LIVE_KEY}`);
    info(`contact email=${EMAIL} phone=${PHONES[0]} (mail ${EMAIL})`);
    for (const phone of PHONES) info(`call ${phone} at ${context.timestamp} took ${context.duration}`);
    info(`result ${VERIFIED_OUTPUTS}`);
    info(`report ${DOCUMENT_REPORT} code=${context.code} created=${context.epochMs}`);
    info(`escaped ${JSON.stringify(VERIFIED_OUTPUTS)}`);
  }

  test('no secret, url or personal datum reaches the file; the context does', () => {
    const logger = appLog.logger.child('test');
    writeEverything((line) => logger.info(line));
    logger.warn('retry', { session: session.id, code: context.code, url: session.url, email: EMAIL });
    logger.error('failed', { key: LIVE_KEY, phone: PHONES[1], at: context.timestamp, elapsedMs: 1500 });
    appLog.logger.child('core').child('watcher').info(`tick for ${session.id} with ${session.client_secret}`);

    const text = readFileSync(appLog.logFilePath(), 'utf8');
    assert.deepEqual(leaks(text, needles), [], 'nothing secret or personal in the log file');
    assert.ok(text.includes(session.id), 'session ids stay');
    assert.ok(text.includes('vs_1MadeUpSession0000000000'), 'ids in JSON stay');
    assert.ok(text.includes(`code=${context.code}`), 'error codes stay');
    assert.ok(text.includes(context.timestamp), 'timestamps stay');
    assert.ok(text.includes(context.epochMs), 'epoch times stay');
    assert.ok(text.includes(context.duration) && text.includes('elapsedMs=1500'), 'durations stay');
    assert.ok(text.includes(`${new URL(session.url).origin}/[redacted:url]`), 'the hosted origin stays');
    assert.ok(text.includes('https://verify.stripe.com/[redacted:url]'));
    assert.ok(text.includes('"id_number_type"') || text.includes('[redacted:personal]'));
    for (const kind of ['key', 'client_secret', 'url', 'email', 'phone', 'personal']) {
      assert.ok(text.includes(`[redacted:${kind}]`), `a ${kind} was replaced by its marker`);
    }
    assert.match(
      text,
      /\[\d{4}-\d\d-\d\dT[\d:.]+Z\] \[warn\]\s+test: retry session=vs_\w+ code=document_expired/,
    );
    assert.match(text, /core\.watcher: tick for vs_\w+ with vs_\w+_\[redacted:client_secret\]/);
  });

  test('the same scan finds the needles in an unredacted log: the check can fail', () => {
    const rawDir = mkdtempSync(join(tmpdir(), 'countersign-raw-logs-'));
    try {
      // electron-log as it comes, without the app's hook.
      const raw = electronLog.create({ logId: 'countersign-unredacted-control' });
      raw.transports.console.level = false;
      raw.transports.file.resolvePathFn = () => join(rawDir, 'main.log');
      writeEverything((line) => raw.info(line));
      const found = leaks(readFileSync(join(rawDir, 'main.log'), 'utf8'), needles);
      assert.deepEqual(found, needles, 'every needle is found when nothing redacts');
    } finally {
      rmSync(rawDir, { recursive: true, force: true });
    }
  });

  test('console output, once captured, is redacted too', () => {
    const captureDir = mkdtempSync(join(tmpdir(), 'countersign-console-logs-'));
    const captured = createAppLog({ directory: captureDir, development: false, captureConsole: true });
    try {
      console.log('sdk said %s', LIVE_KEY, { url: session.url });
      console.error(new Error(`request failed for ${EMAIL}`));
    } finally {
      captured.close();
    }
    const text = readFileSync(captured.logFilePath(), 'utf8');
    rmSync(captureDir, { recursive: true, force: true });
    assert.deepEqual(leaks(text, needles), []);
    assert.match(text, /\[info\]\s+console: sdk said \[redacted:key\]/);
    assert.match(text, /\[error\]\s+console: Error: request failed for \[redacted:email\]/);
  });

  test('readLogTail gives the last lines, redacted', async () => {
    appLog.logger.info('second to last', { session: session.id });
    appLog.logger.info('last', { code: context.code });
    const tail = await appLog.readLogTail(2);
    assert.equal(tail.length, 2);
    assert.match(tail[0]!, /second to last session=vs_/);
    assert.match(tail[1]!, /last code=document_expired$/);
    assert.deepEqual(await appLog.readLogTail(0), []);
    const all = await appLog.readLogTail(100_000);
    assert.deepEqual(leaks(all.join('\n'), needles), []);
  });

  test('the file rotates at its size and keeps two previous files', async () => {
    const rotDir = mkdtempSync(join(tmpdir(), 'countersign-rotating-logs-'));
    try {
      const small = createAppLog({ directory: rotDir, development: false, maxBytes: 2_000 });
      for (let i = 0; i < 200; i += 1) small.logger.info(`line ${i} for ${EMAIL}`, { n: i });
      const current = small.logFilePath();
      assert.ok(existsSync(previousLogPath(current, 1)), 'main.1.log');
      assert.ok(existsSync(previousLogPath(current, 2)), 'main.2.log');
      assert.ok(!existsSync(previousLogPath(current, 3)), 'no third previous file');
      for (const file of [current, previousLogPath(current, 1), previousLogPath(current, 2)]) {
        const text = readFileSync(file, 'utf8');
        assert.ok(text.length <= 2_200, `${file} stays near its size`);
        assert.deepEqual(leaks(text, [EMAIL]), []);
      }
      const inCurrent = readFileSync(current, 'utf8').split('\n').filter(Boolean).length;
      const tail = await small.readLogTail(inCurrent + 5);
      assert.equal(tail.length, inCurrent + 5, 'the tail spans the rotated files');
      assert.match(tail.at(-1)!, /line 199 for \[redacted:email\] n=199$/);
      small.close();
    } finally {
      rmSync(rotDir, { recursive: true, force: true });
    }
  });
});

describe('redact and the logger, as pure functions', () => {
  test('context that only looks like a phone number or a secret is kept', () => {
    const keep = [
      '2026-12-01T03:53:07.123Z',
      '2026-12-01 03:53:07',
      '1764561187',
      '1764561187123',
      'vs_00000001abcdefGHIJ123456',
      'cs_test_a1b2c3d4e5f6g7h8',
      'evt_1NuN4zLkdIwHu7ixGyz2vw0o',
      '1500ms',
      '2.5s',
      '127.0.0.1:4242',
      '192.168.100.200',
      '45.5.0',
      'exitCode=-1073741819',
      'code=document_expired',
      'sk_test_…abcd',
      'https://return.countersign.invalid/done',
      'https://api.stripe.com/v1/identity/verification_sessions/vs_1NuN4zLkdIwHu7ixGyz2vw0o',
      'number=3',
      'id_number_type=us_ssn',
    ];
    for (const text of keep) assert.equal(redact(`x ${text} y`), `x ${text} y`, text);
  });

  test('a hub station token is redacted like a key, wherever it appears', () => {
    const token = `cs_station_${'A1b2_C3-d4'.repeat(4)}`;
    for (const line of [`token=${token}`, `{"token":"${token}"}`, `Bearer ${token}`, `got ${token}.`]) {
      const out = redact(line);
      assert.ok(!out.includes(token), out);
      assert.ok(!out.includes('A1b2_C3'), out);
    }
    assert.equal(redact(`station ${token} connected`), 'station [redacted:key] connected');
  });

  test('redacting twice changes nothing more', () => {
    const once = redact(
      `${LIVE_KEY} ${STRIPE_HOSTED_URL} ${EMAIL} ${PHONES.join(' ; ')} ${VERIFIED_OUTPUTS}`,
    );
    assert.equal(redact(once), once);
  });

  test('lines read `scope: message key=value`, one line each, redacted', () => {
    const lines: string[] = [];
    const logger = createLogger((level, line) => lines.push(`${level}|${line}`), 'ipc');
    logger.warn('refused\nforged line', {
      method: 'sessions.start',
      window: null,
      ok: false,
      note: 'two words',
      skip: undefined,
    });
    logger.child('outbox').error('send failed', { email: EMAIL });
    assert.deepEqual(lines, [
      'warn|ipc: refused\\nforged line method=sessions.start window=null ok=false note="two words"',
      'error|ipc.outbox: send failed email=[redacted:personal]',
    ]);
  });

  test('a failing sink does not throw; the recording and silent loggers', () => {
    const failing = createLogger(() => {
      throw new Error('disk full');
    });
    assert.doesNotThrow(() => failing.info('x'));
    const recording = createRecordingLogger();
    recording.info('started', { session: 'vs_1' });
    recording.child('watcher').warn(`lagging ${LIVE_KEY}`);
    assert.deepEqual(recording.lines, ['info started session=vs_1', 'warn watcher: lagging [redacted:key]']);
    assert.doesNotThrow(() => silentLogger.child('x').error('nothing'));
  });
});
