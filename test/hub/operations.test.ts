/**
 * Operating the hub, on a real PostgreSQL: health and readiness, metrics behind their own token,
 * JSON log lines with nothing secret in them, the retention job (leader-elected, the hub's clock
 * moved by hand), a stream without Last-Event-ID starting from now and the open sessions, the
 * fleet's sessions paged per store, and `npm run hub` itself: the first start's one-time
 * password, and SIGTERM (streams told `retry:` then ended, an in-flight request finished, exit 0).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { Stations } from '../../hub/src/stations.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { auditTrail, manualCheckFactsOf } from '../support/audit-trail.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  connectWebhooks,
  createSession,
  enroll,
  openPostgres,
  recordingJsonLogger,
  startStripe,
  startTestHub,
} from '../support/hub.ts';

const skip = postgresUnavailable();
const root = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct-horse-battery';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const SECRET = 'whsec_operations_crafted';
const DAY = 24 * 3600_000;
const CHECK = { documentType: 'passport', outcome: 'accepted', reason: 'declined_selfie' } as const;
const signer = new Stripe('sk_test_unused', { telemetry: false });

/** A database of its own in the cluster, so counts are this test's. */
async function freshDatabase(pg: PostgresCluster, name: string): Promise<string> {
  const admin = await openPostgres(pg.url);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  return pg.url.replace(/\/postgres$/, `/${name}`);
}

async function adminCookie(hub: RunningHub, password = PASSWORD): Promise<string> {
  const form = await fetch(`${hub.url}/fleet`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${hub.url}/fleet/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    },
    body: `csrf=${csrf}&password=${encodeURIComponent(password)}`,
  });
  assert.equal(res.status, 303, 'signed in');
  return (
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('hub_admin='))
      ?.split(';')[0] ?? ''
  );
}

describe('operating the hub', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
  });
  after(async () => {
    await sim?.close();
    await pg?.stop();
  });

  test('health, readiness, metrics behind their token, and JSON log lines with no secret in them', async () => {
    const log = recordingJsonLogger('debug');
    const hub = await startTestHub(sim, await openPostgres(await freshDatabase(pg, 'health')), {
      logger: log,
      metricsToken: METRICS_TOKEN,
    });
    try {
      await connectWebhooks(sim, hub);
      assert.deepEqual(await (await fetch(`${hub.url}/healthz`)).json(), { status: 'ok' });
      const ready = await fetch(`${hub.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), {
        ready: true,
        database: true,
        migrations: true,
        listening: true,
        draining: false,
      });

      const station = await enroll(hub, 'store-M', 'Counter M1');
      const stream = await StreamClient.open(hub.url, station.token);
      const created = await createSession(station.sdk(hub), 'ref-metrics');
      assert.ok(created.client_secret && created.url, 'the station got them');
      await sim.submit(created.id, 'verified');
      await stream.until(() => stream.statusesOf(created.id).includes('verified'), 'verified');

      const scrape = (authorization?: string) =>
        fetch(`${hub.url}/metrics`, { headers: authorization ? { authorization } : {} });
      assert.equal((await scrape()).status, 401);
      assert.equal((await scrape('Bearer not-the-token')).status, 401);
      assert.equal((await scrape(`Bearer ${station.token}`)).status, 401, "a station's token is not it");
      const res = await scrape(`Bearer ${METRICS_TOKEN}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await res.text();
      for (const line of [
        /^hub_connected_stations 1$/m,
        /^hub_webhook_to_station_seconds_count [1-9]\d*$/m,
        /^hub_stripe_requests_total\{route="create",result="ok"\} 1$/m,
        /^hub_webhooks_applied_total [1-9]\d*$/m,
        /^hub_listen_reconnects_total 0$/m,
        /^hub_db_pool_connections\{state="total"\} \d+$/m,
        /^# TYPE hub_poller_runs_total counter$/m,
        /^# TYPE hub_webhook_failures_total counter$/m,
      ]) {
        assert.match(text, line);
      }
      assert.ok(!text.includes(station.id) && !text.includes('store-M'), 'no ids or stores as labels');

      // Every line is one JSON object; requests at debug by route pattern; nothing secret.
      await station.sdk(hub).identity.verificationSessions.retrieve(created.id);
      const requestLine = log.lines.find(
        (l) => l.msg === 'request' && l.route === '/v1/identity/verification_sessions/:id',
      );
      assert.equal(requestLine?.level, 'debug');
      assert.equal(requestLine?.status, 200);
      assert.equal(typeof requestLine?.time, 'string');
      const all = JSON.stringify(log.lines);
      for (const secret of [
        station.token,
        created.client_secret,
        created.url,
        sim.secretKey,
        METRICS_TOKEN,
      ]) {
        assert.ok(!all.includes(secret), 'not in any log line');
      }
      stream.close();
    } finally {
      await hub.close();
    }
  });

  test('retention: the feed and webhook ids past the window, spent codes, sessions past their retention; one instance runs it; a fresh stream starts from now and the open sessions', async () => {
    let now = Date.UTC(2026, 5, 1, 12);
    const url = await freshDatabase(pg, 'retention');
    const options = {
      now: () => now,
      webhookSecret: SECRET,
      pollEveryMs: 3_600_000,
      retentionEveryMs: 3_600_000,
    };
    const a = await startTestHub(sim, await openPostgres(url), options);
    const b = await startTestHub(sim, await openPostgres(url), options);
    try {
      const station = await enroll(a, 'store-R', 'Counter R1');
      const meta = { countersign_station: station.id, countersign_store: station.store };
      let n = 0;
      const deliver = async (sessionId: string, status: string) => {
        const t = Math.floor(now / 1000) + n;
        const body = JSON.stringify({
          id: `evt_ret_${++n}`,
          object: 'event',
          created: t,
          type: `identity.verification_session.${status}`,
          data: {
            object: {
              id: sessionId,
              object: 'identity.verification_session',
              status,
              created: t,
              metadata: meta,
            },
          },
        });
        const res = await fetch(`${a.url}/stripe/webhook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': signer.webhooks.generateTestHeaderString({
              payload: body,
              secret: SECRET,
              timestamp: Math.floor(now / 1000),
            }),
          },
          body,
        });
        assert.equal(res.status, 200);
      };
      // Old: one session done, one still open (three changes), a used code and a stale one.
      await deliver('vs_retDone1', 'processing');
      await deliver('vs_retDone1', 'verified');
      await deliver('vs_retOpen1', 'requires_input');
      await deliver('vs_retOpen1', 'processing');
      await deliver('vs_retOpen1', 'requires_input');
      await a.stations.createCode({ store: 'store-R', name: 'never used', kind: 'counter' });

      // A fresh stream: the open session's latest change only, then what comes.
      const fresh = await StreamClient.open(a.url, station.token);
      const replayed = await StreamClient.open(a.url, station.token, 0);
      await replayed.until(() => replayed.messages.length === 5, 'the whole feed after Last-Event-ID 0');
      await deliver('vs_retNew1', 'requires_input');
      await fresh.until(() => fresh.statusesOf('vs_retNew1').length === 1, 'a live change');
      assert.deepEqual(
        fresh.messages.map((m) => [m.session.id, m.session.status]),
        [
          ['vs_retOpen1', 'requires_input'],
          ['vs_retNew1', 'requires_input'],
        ],
      );
      assert.equal(fresh.messages[0]!.seq, 5, "the open session's latest change");
      fresh.close();
      replayed.close();

      const count = async (table: string) =>
        Number((await a.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
      assert.equal(await count('changes'), 6);
      assert.equal(await count('webhook_events'), 6);
      assert.equal(await count('enrollment_codes'), 2);

      // Eight days on: past the 7-day window. A leads the round; B, asking after, does not run it.
      now += 8 * DAY;
      const fresher = await a.stations.createCode({ store: 'store-R', name: 'new', kind: 'kiosk' });
      const round = await a.retention.run();
      assert.equal(await b.retention.run(), null, 'one instance runs retention');
      assert.deepEqual(round, {
        changes: 6,
        webhook_events: 6,
        enrollment_codes: 2,
        sessions: 0,
        help_calls: 0,
        audit_entries: 0,
        manual_checks: 0,
        admin_sessions: 0,
      });
      assert.equal(await count('sessions'), 3, 'sessions are kept for their own retention');
      assert.equal(await count('enrollment_codes'), 1);
      assert.ok(fresher.code);
      // A station that was away longer than the window gets what is left after its cursor.
      const late = await StreamClient.open(a.url, station.token, 2);
      await deliver('vs_retNew1', 'processing');
      await late.until(() => late.messages.length === 1, 'the next change');
      assert.deepEqual(late.statusesOf('vs_retNew1'), ['processing']);
      late.close();

      // A staff action and a check by staff in the station's audit trail, uploaded as the station
      // does (real PostgreSQL), kept as long as the sessions.
      const entries = auditTrail(
        [
          { ...manualCheckFactsOf('ret-1', CHECK), action: 'settings.update', detail: 'changed: language' },
          manualCheckFactsOf('ret-2', CHECK),
        ],
        'Counter R1',
        now,
      );
      const upload = await fetch(`${a.url}/hub/v1/audit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${station.token}` },
        body: JSON.stringify({ entries }),
      });
      assert.equal(upload.status, 200, await upload.clone().text());
      assert.equal(await count('manual_checks'), 1);
      const kept = await a.retention.run();
      assert.equal(kept?.audit_entries, 0);
      assert.equal(kept?.manual_checks, 0);
      now += 91 * DAY;
      const later = await a.retention.run();
      assert.equal(later?.sessions, 3);
      assert.equal(later?.audit_entries, 2);
      assert.equal(later?.manual_checks, 1);
      assert.equal(await count('sessions'), 0);
      assert.equal(await count('audit_entries'), 0);
      assert.equal(await count('manual_checks'), 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("the fleet page's sessions are paged per store: a store late in the alphabet is listed too", async () => {
    const db: Db = await openPostgres(await freshDatabase(pg, 'paging'));
    const hub = await startTestHub(sim, db, {});
    try {
      const early = await enroll(hub, 'A store', 'Counter A');
      const late = await enroll(hub, 'Z store', 'Counter Z');
      const t0 = Date.UTC(2026, 0, 1);
      for (let i = 0; i < 120; i++) {
        await db.query(
          `INSERT INTO sessions (id, station_id, store, status, created, updated, checked) VALUES ($1, $2, 'A store', 'verified', $3, $3, $3)`,
          [`vs_pageA${String(i).padStart(3, '0')}`, early.id, t0 + i * 1000],
        );
      }
      await db.query(
        `INSERT INTO sessions (id, station_id, store, status, created, updated, checked) VALUES ('vs_pageZ1', $1, 'Z store', 'canceled', $2, $2, $2)`,
        [late.id, t0],
      );
      const cookie = await adminCookie(hub);
      const overview = (await (
        await fetch(`${hub.url}/fleet/api/overview`, { headers: { cookie } })
      ).json()) as {
        sessions: Array<{ id: string; store: string }>;
        storesWithMore: string[];
      };
      const ofStore = (store: string) => overview.sessions.filter((s) => s.store === store);
      assert.equal(ofStore('A store').length, 50);
      assert.equal(ofStore('A store')[0]?.id, 'vs_pageA119', 'newest first');
      assert.deepEqual(
        ofStore('Z store').map((s) => s.id),
        ['vs_pageZ1'],
      );
      assert.deepEqual(overview.storesWithMore, ['A store']);
      const pages: string[] = ofStore('A store').map((s) => s.id);
      let more = true;
      while (more) {
        const last = pages.at(-1)!;
        const created = t0 + Number(last.slice(-3)) * 1000;
        const res = await fetch(
          `${hub.url}/fleet/api/sessions?store=${encodeURIComponent('A store')}&before=${created}:${last}`,
          { headers: { cookie } },
        );
        const page = (await res.json()) as { sessions: Array<{ id: string }>; more: boolean };
        pages.push(...page.sessions.map((s) => s.id));
        more = page.more;
      }
      assert.equal(pages.length, 120);
      assert.equal(new Set(pages).size, 120, 'every session once');
      assert.equal(pages.at(-1), 'vs_pageA000');
      const bad = await fetch(`${hub.url}/fleet/api/sessions?store=A&before=yesterday`, {
        headers: { cookie },
      });
      assert.equal(bad.status, 400);
    } finally {
      await hub.close();
    }
  });

  test('npm run hub: the first start prints a one-time admin password; SIGTERM tells streams to retry, finishes the request in flight, exits 0', async () => {
    const url = await freshDatabase(pg, 'firstrun');
    // Stripe behind a gate: the test knows when the hub's request is in flight, and lets it go.
    const held: Array<() => void> = [];
    const arrived: Array<() => void> = [];
    const gate: Server = createServer((req, res) => {
      const forward = () => {
        const upstream = request(
          { host: sim.host, port: sim.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        req.pipe(upstream);
      };
      if (req.method === 'POST' && req.url === '/v1/identity/verification_sessions') {
        held.push(forward);
        for (const fn of arrived.splice(0)) fn();
      } else forward();
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: url,
        STRIPE_SECRET_KEY: sim.secretKey,
        STRIPE_API_URL: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`,
        STRIPE_WEBHOOK_SECRET: 'whsec_cli_test',
        HUB_ADMIN_PASSWORD: '',
        HUB_SHUTDOWN_GRACE_SECONDS: '20',
        HUB_METRICS_TOKEN: METRICS_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const hubUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          for (const line of stdout.split('\n')) {
            if (!line.startsWith('{')) continue;
            const entry = JSON.parse(line) as { msg?: string; url?: string };
            if (entry.msg === 'listening' && entry.url) resolve(entry.url);
          }
        });
        void exited.then((code) => reject(new Error(`the hub exited (${code}): ${stderr}`)));
      });
      const password = /^ {4}(\S+)$/m.exec(stderr)?.[1] ?? '';
      assert.ok(password.length >= 20, 'the one-time password is shown');
      assert.match(stderr, /shown only now/);
      assert.ok(!stdout.includes(password), 'not in the logs');
      await adminCookie({ url: hubUrl } as RunningHub, password);
      const scrape = await fetch(`${hubUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.match(
        await scrape.text(),
        /^process_resident_memory_bytes \d+/m,
        "the process's own metrics too",
      );

      const db = await openPostgres(url);
      const { code } = await new Stations(db, { now: Date.now }).createCode({
        store: 'store-C',
        name: 'Counter C1',
        kind: 'counter',
      });
      await db.close();
      const enrolled = (await (
        await fetch(`${hubUrl}/hub/v1/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
      ).json()) as { token: string };
      // A raw stream, to read `retry:` as sent.
      let streamText = '';
      let opened: () => void = () => {};
      const streamOpen = new Promise<void>((resolve) => (opened = resolve));
      const streamEnded = new Promise<void>((resolve) => {
        request(
          `${hubUrl}/hub/v1/stream`,
          { headers: { authorization: `Bearer ${enrolled.token}` } },
          (res: IncomingMessage) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              streamText += chunk;
              if (streamText.includes(': connected')) opened();
            });
            res.on('end', resolve);
            res.on('close', resolve);
          },
        ).end();
      });
      await streamOpen;
      const inStripe = new Promise<void>((resolve) => arrived.push(resolve));
      const creating = fetch(`${hubUrl}/v1/identity/verification_sessions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${enrolled.token}`,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': 'sigterm-1',
        },
        body: 'type=document&client_reference_id=ref-sigterm',
      });
      await inStripe;
      child.kill('SIGTERM');
      await streamEnded;
      assert.match(streamText, /^retry: 1000$/m, 'the stream was told to reconnect');
      for (const fn of held.splice(0)) fn();
      const answer = await creating;
      assert.equal(answer.status, 200, 'the request in flight finished');
      assert.ok(((await answer.json()) as { id: string }).id.startsWith('vs_'));
      assert.equal(await exited, 0);
      assert.ok(stdout.split('\n').some((l) => l.includes('"msg":"shutting down')));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise<void>((resolve) => gate.close(() => resolve()));
    }
  });
});
