/**
 * Alerts: a station offline in its opening hours, a help call nobody acknowledged, a store's
 * failure rate — each opened once, shown by the fleet API, resolved when the problem goes, and
 * delivered as a signed JSON POST to a receiver in this test, which checks the HMAC itself
 * (node:crypto, not the hub's code) and answers 500, 503, then 200: three attempts with backoff,
 * one alert id, one accepted delivery, nothing after. Then two hub instances on one PostgreSQL
 * tick together: one incident, one accepted POST. The hub's clock is moved by hand.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { AlertSettings, AlertsView } from '../../hub/src/dashboard-types.ts';
import type { Db } from '../../hub/src/db.ts';
import type { OpeningHours } from '../../hub/src/opening-hours.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { signInAdmin, type AdminClient } from '../support/fleet-admin.ts';
import { openPglite, openPostgres, startStripe, startTestHub } from '../support/hub.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';

const SECRET = 'test_alert_secret_0123456789';
const MIN = 60_000;

interface Received {
  body: string;
  id: string;
  type: string;
  signed: boolean;
  status: number;
}

/** A receiver as a customer would write one: checks `t=…,v1=…` over the raw body, then answers. */
async function startReceiver(answers: () => number, clock: () => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers['countersign-signature'] ?? '');
      const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
      const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
      const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest();
      const signed =
        t !== undefined &&
        v1 !== undefined &&
        Math.abs(Math.floor(clock() / 1000) - Number(t)) <= 300 &&
        timingSafeEqual(Buffer.from(v1, 'hex'), expected);
      const parsed = JSON.parse(body) as { id: string; type: string };
      const status = signed ? answers() : 400;
      received.push({ body, id: parsed.id, type: parsed.type, signed, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    received,
    accepted: () => received.filter((r) => r.status === 200),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function addStation(db: Db, id: string, store: string, lastSeen: number) {
  await db.query(
    `INSERT INTO stations (id, name, store, kind, token_hash, created, last_seen)
     VALUES ($1, $2, $3, 'kiosk', $4, $5, $5)`,
    [id, `Kiosk ${id.slice(-1)}`, store, `hash-${id}`, lastSeen],
  );
}

const settings = (url: string, extra: Partial<AlertSettings> = {}): Partial<AlertSettings> => ({
  url,
  secret: SECRET,
  offlineMinutes: 10,
  helpMinutes: 5,
  failureRatePercent: 30,
  failureWindowMinutes: 60,
  failureMinResults: 10,
  ...extra,
});

describe('alerts on one hub', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let admin: AdminClient;
  let now = Date.UTC(2026, 11, 1, 3, 0, 0); // 12:00 in Tokyo, a Tuesday
  const script: number[] = [500, 503];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // The night store is closed all day every day; the others are always open (the default).
  const closed: OpeningHours = { timeZone: 'Asia/Tokyo', week: [[], [], [], [], [], [], []] };

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, {
      now: () => now,
      openingHours: async (s) => (s.store === 'Night' ? closed : null),
      alerts: { everyMs: 3_600_000, backoff: { baseMs: 1000, maxMs: 1000 } },
    });
    admin = await signInAdmin(hub);
    receiver = await startReceiver(
      () => script.shift() ?? 200,
      () => now,
    );
  });
  after(async () => {
    await hub?.close();
    await sim?.close();
    await receiver?.close();
  });

  const view = async () => (await admin.get<AlertsView>('/fleet/api/alerts')).body;

  test('settings: checked, saved, shown; a bad one is refused', async () => {
    const bad = await admin.post<{ error: { code: string } }>(
      '/fleet/api/alerts/settings',
      settings('http://example.com/x'),
    );
    assert.equal(bad.status, 400, 'plain http only to this machine');
    assert.equal(
      (await admin.post('/fleet/api/alerts/settings', settings(receiver.url, { offlineMinutes: 0 }))).status,
      400,
    );
    const ok = await admin.post<AlertSettings>('/fleet/api/alerts/settings', settings(receiver.url));
    assert.equal(ok.status, 200);
    assert.equal((await view()).settings.url, receiver.url);
    const made = await admin.post<AlertSettings>('/fleet/api/alerts/settings', {
      ...settings(receiver.url),
      secret: '',
    });
    assert.equal(made.body.secret, SECRET, 'a blank secret keeps the one set');
  });

  test('a station offline for more than N minutes: one incident, three attempts, one delivery', async () => {
    await addStation(db, 'st_alertA', 'Shibuya', now);
    await addStation(db, 'st_alertN', 'Night', now); // offline too, but its store is closed
    now += 9 * MIN;
    await hub.alerts.tick();
    assert.equal((await view()).open.length, 0, 'not yet: 9 minutes');
    now += 2 * MIN;
    await hub.alerts.tick();
    let v = await view();
    assert.deepEqual(
      v.open.map((i) => [i.kind, i.stationId]),
      [['station_offline', 'st_alertA']],
      'the closed store’s station raises nothing',
    );
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0]!.status, 500);
    await hub.alerts.tick();
    assert.equal(receiver.received.length, 1, 'not due again before its backoff');
    assert.equal((await view()).open[0]!.delivery, 'retrying');
    now += 1000;
    await hub.alerts.tick();
    now += 1000;
    await hub.alerts.tick();
    assert.deepEqual(
      receiver.received.map((r) => r.status),
      [500, 503, 200],
    );
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      await hub.alerts.tick();
    }
    assert.equal(receiver.received.length, 3, 'delivered: never sent again');
    assert.ok(
      receiver.received.every((r) => r.signed),
      'every attempt signed',
    );
    assert.equal(new Set(receiver.received.map((r) => r.id)).size, 1, 'one alert id across retries');
    const body = JSON.parse(receiver.accepted()[0]!.body) as {
      type: string;
      data: { store: string; station: { id: string } };
    };
    assert.equal(body.type, 'station_offline');
    assert.equal(body.data.station.id, 'st_alertA');
    v = await view();
    assert.equal(v.open[0]!.delivery, 'delivered');
    assert.equal(v.open[0]!.attempts, 3);

    // Back online: resolved; offline again later: a new incident, delivered once.
    await db.query('UPDATE stations SET last_seen = $2 WHERE id = $1', ['st_alertA', now]);
    await hub.alerts.tick();
    v = await view();
    assert.equal(v.open.length, 0);
    assert.equal(v.recent[0]!.kind, 'station_offline');
    assert.notEqual(v.recent[0]!.resolvedAt, null);
  });

  test('a help call unanswered for N minutes, and a store failing above the threshold', async () => {
    const before = receiver.received.length;
    await db.query('UPDATE stations SET last_seen = $2 WHERE id = $1', ['st_alertA', now]);
    await db.query(
      `INSERT INTO help_calls (station_id, id, at, received) VALUES ('st_alertA', 'call-1', $1, $1)`,
      [now],
    );
    for (let i = 0; i < 12; i++) {
      await db.query(
        `INSERT INTO sessions (id, station_id, store, status, last_error_code, created, updated, checked)
         VALUES ($1, 'st_alertA', 'Shibuya', $2, $3, $4, $4, $4)`,
        [`vs_alert${i}`, i < 5 ? 'requires_input' : 'verified', i < 5 ? 'selfie_face_mismatch' : null, now],
      );
    }
    now += 6 * MIN;
    await db.query('UPDATE stations SET last_seen = $2 WHERE id = $1', ['st_alertA', now]);
    await hub.alerts.tick();
    const v = await view();
    assert.deepEqual(v.open.map((i) => i.kind).sort(), ['failure_rate', 'help_unanswered']);
    const rate = v.open.find((i) => i.kind === 'failure_rate')!;
    assert.deepEqual(rate.details, { failed: 5, results: 12, percent: 42 });
    assert.equal(receiver.received.length, before + 2);
    assert.ok(receiver.received.slice(before).every((r) => r.signed && r.status === 200));

    await db.query(`UPDATE help_calls SET acknowledged_at = $1 WHERE id = 'call-1'`, [now]);
    await hub.alerts.tick();
    assert.deepEqual(
      (await view()).open.map((i) => i.kind),
      ['failure_rate'],
      'an acknowledged call resolves its alert',
    );
    assert.equal(receiver.received.length, before + 2, 'a resolution sends nothing');
  });
});

const skip = postgresUnavailable();

describe('alerts on two hub instances', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let a: RunningHub;
  let b: RunningHub;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let now = Date.UTC(2026, 11, 1, 3, 0, 0);
  const script = [500];

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    const options = {
      now: () => now,
      alerts: { everyMs: 3_600_000, backoff: { baseMs: 1000, maxMs: 1000 } },
    };
    a = await startTestHub(sim, await openPostgres(pg.url), options);
    b = await startTestHub(sim, await openPostgres(pg.url), options);
    receiver = await startReceiver(
      () => script.shift() ?? 200,
      () => now,
    );
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await receiver?.close();
    await pg?.stop();
  });

  test('both tick together: one incident, one accepted POST', async () => {
    const admin = await signInAdmin(b);
    assert.equal((await admin.post('/fleet/api/alerts/settings', settings(receiver.url))).status, 200);
    await addStation(a.db, 'st_twoA', 'Umeda', now);
    now += 11 * MIN;
    for (let i = 0; i < 4; i++) {
      await Promise.all([a.alerts.tick(), b.alerts.tick(), a.alerts.tick(), b.alerts.tick()]);
      now += 1000;
    }
    const [{ n }] = (await a.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_incidents')) as [
      { n: number },
    ];
    assert.equal(n, 1);
    assert.deepEqual(
      receiver.received.map((r) => [r.status, r.signed]),
      [
        [500, true],
        [200, true],
      ],
    );
    assert.equal(new Set(receiver.received.map((r) => r.id)).size, 1);
  });
});
