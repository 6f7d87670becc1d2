/**
 * Refusals at the edge (fault suite), on a real PostgreSQL — the server that refuses `\0` in
 * text and `\u0000` in jsonb:
 *
 * - a NUL, a lone surrogate or an oversized text on every route that stores or forwards it:
 *   400 `parameter_invalid` naming the parameter, nothing sent to Stripe, nothing stored;
 * - a signed webhook holding such values: stored with them replaced, logged, applied once;
 * - sign-in: per address and per account, growing delays, the message in the page's language;
 *   a flood of attempts at once checks no more passwords than the allowance;
 * - X-Forwarded-For believed only from a listed proxy;
 * - enrollment limited per address, unknown-session look-ups per station (before Stripe is
 *   asked), streams per station.
 *
 * The hubs' clock is the test's: limits refill only when the test moves it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  createSession,
  enroll,
  openPostgres,
  recordingJsonLogger,
  startStripe,
  startTestHub,
} from '../support/hub.ts';

const skip = postgresUnavailable();
const PASSWORD = 'correct-horse-battery';
const SECRET = 'whsec_edge_crafted_secret';
const signer = new Stripe('sk_test_unused', { telemetry: false });

interface Answer {
  status: number;
  body: { error?: { code?: string; message?: string; param?: string } };
  text: string;
  headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // an HTML page
  }
  return { status: res.status, body, text, headers: res.headers };
}

describe('refusals at the edge', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let now = Date.now();
  const log = recordingJsonLogger();

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    db = await openPostgres(pg.url);
    hub = await startTestHub(sim, db, {
      now: () => now,
      logger: log,
      webhookSecret: SECRET,
      trustProxy: ['127.0.0.1'],
      pollEveryMs: 3_600_000,
    });
  });
  after(async () => {
    await hub?.close();
    await sim?.close();
    await pg?.stop();
  });

  /** The sign-in form's double-submit pair, once. */
  async function loginForm(): Promise<{ cookie: string; csrf: string }> {
    const form = await fetch(`${hub.url}/fleet`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    return { cookie: (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf };
  }
  const signIn = (
    target: RunningHub,
    form: { cookie: string; csrf: string },
    password: string,
    headers: Record<string, string> = {},
  ) =>
    call(`${target.url}/fleet/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...headers },
      body: `csrf=${form.csrf}&password=${encodeURIComponent(password)}`,
    });

  test('NUL, invalid Unicode and oversized text on every route: 400 naming the parameter, nothing to Stripe, nothing stored', async () => {
    const station = await enroll(hub, 'store-E', 'Counter E1');
    const form = await loginForm();
    const ok = await signIn(hub, form, PASSWORD, { 'x-forwarded-for': '203.0.113.1' });
    assert.equal(ok.status, 303);
    const admin =
      ok.headers
        .getSetCookie()
        .find((c) => c.startsWith('hub_admin='))
        ?.split(';')[0] ?? '';
    const csrf = (
      (await (await fetch(`${hub.url}/fleet/api/csrf`, { headers: { cookie: admin } })).json()) as {
        csrf: string;
      }
    ).csrf;
    const bearer = { authorization: `Bearer ${station.token}` };
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer },
      body: JSON.stringify(body),
    });
    const stationForm = (body: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer },
      body,
    });
    const fleet = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin, 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    const SESSIONS = `${hub.url}/v1/identity/verification_sessions`;
    const cases: Array<[string, string, RequestInit]> = [
      ['enroll: a NUL in the code', `${hub.url}/hub/v1/enroll`, json({ code: 'AAAAA\u0000' })],
      [
        'enroll: a lone surrogate in appVersion',
        `${hub.url}/hub/v1/enroll`,
        json({ code: 'x', appVersion: '1\ud800' }),
      ],
      [
        'heartbeat: a NUL in appVersion',
        `${hub.url}/hub/v1/heartbeat`,
        json({ queued: 0, active: 0, appVersion: '1.0\u0000' }),
      ],
      ['help call: a NUL in its id', `${hub.url}/hub/v1/help-calls`, json({ id: 'h\u0000', at: 1 })],
      ['create: a NUL in metadata', SESSIONS, stationForm('type=document&metadata[note]=a%00b')],
      [
        'create: a NUL in client_reference_id',
        SESSIONS,
        stationForm('type=document&client_reference_id=r%00'),
      ],
      [
        'create: a metadata value over 500',
        SESSIONS,
        stationForm(`type=document&metadata[note]=${'v'.repeat(501)}`),
      ],
      [
        'create: a metadata key over 40',
        SESSIONS,
        stationForm(`type=document&metadata[${'k'.repeat(41)}]=v`),
      ],
      ['create: a text over 5000', SESSIONS, stationForm(`type=document&return_url=${'u'.repeat(5001)}`)],
      ['list: a NUL in the reference', `${SESSIONS}?client_reference_id=%00&limit=1`, { headers: bearer }],
      ['retrieve: a NUL in the id', `${SESSIONS}/vs_%00`, { headers: bearer }],
      ['cancel: a NUL in the id', `${SESSIONS}/vs_1%00/cancel`, { method: 'POST', headers: bearer }],
      [
        'fleet: a NUL in a store',
        `${hub.url}/fleet/api/enrollment-codes`,
        fleet({ store: 'S\u0000', name: 'n', kind: 'kiosk' }),
      ],
      [
        'fleet: a lone surrogate in a name',
        `${hub.url}/fleet/api/enrollment-codes`,
        fleet({ store: 'S', name: '\udc00', kind: 'kiosk' }),
      ],
      ['fleet: a NUL in a station id', `${hub.url}/fleet/api/stations/st_%00/revoke`, fleet({})],
      [
        'fleet: a NUL in help call ids',
        `${hub.url}/fleet/api/stations/${station.id}/help-calls/ack`,
        fleet({ ids: ['\u0000'] }),
      ],
      [
        'fleet: a NUL in a store to page',
        `${hub.url}/fleet/api/sessions?store=%00&before=1:vs_1`,
        { headers: { cookie: admin } },
      ],
    ];
    sim.resetStats();
    const tables = async () =>
      (
        await db.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM sessions) || '/' || (SELECT count(*) FROM enrollment_codes) || '/' ||
                  (SELECT count(*) FROM help_calls) || '/' || (SELECT count(*) FROM stations WHERE app_version = 'test') AS n`,
        )
      )[0]?.n;
    const before = await tables();
    for (const [what, url, init] of cases) {
      const r = await call(url, init);
      assert.equal(r.status, 400, `${what}: ${r.text}`);
      assert.equal(r.body.error?.code, 'parameter_invalid', what);
      assert.match(r.body.error?.message ?? '', /NUL|Unicode|longer than|more than/, what);
    }
    assert.equal(sim.stats().requests, 0, 'nothing reached Stripe');
    assert.equal(await tables(), before, 'nothing was stored');
    // A body past the limit is refused too (413), and the hub still answers.
    const big = await call(SESSIONS, stationForm(`type=document&metadata[a]=${'x'.repeat(300 * 1024)}`));
    assert.equal(big.status, 413);
    assert.equal((await call(`${hub.url}/healthz`)).status, 200);
    // Each refusal has its log line with the code, never the value.
    const refused = log.lines.filter((l) => l.msg === 'request refused' && l.code === 'parameter_invalid');
    assert.ok(refused.length >= cases.length);
    assert.ok(!JSON.stringify(log.lines).includes('\\u0000'), 'no NUL reached the log');
  });

  test('a webhook holding a NUL and a lone surrogate: stored with them replaced, logged, applied once; its redelivery changes nothing', async () => {
    const station = await enroll(hub, 'store-W', 'Counter W1');
    const t = Math.floor(now / 1000);
    const body = JSON.stringify({
      id: 'evt_nul_1',
      object: 'event',
      api_version: '2026-10-28.endive',
      created: t,
      type: 'identity.verification_session.requires_input',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: 'vs_nulWebhook1',
          object: 'identity.verification_session',
          status: 'requires_input',
          last_error: { code: 'document_unverified_other', reason: 'bad\u0000reason' },
          client_reference_id: 'ref\ud800',
          created: t,
          livemode: false,
          type: 'document',
          metadata: { countersign_station: station.id, countersign_store: station.store, note: '\u0000' },
        },
      },
    });
    const deliver = () =>
      call(`${hub.url}/stripe/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signer.webhooks.generateTestHeaderString({
            payload: body,
            secret: SECRET,
            timestamp: t,
          }),
        },
        body,
      });
    assert.equal((await deliver()).status, 200);
    assert.equal((await deliver()).status, 200, 'a redelivery is a duplicate, not a retry loop');
    const [row] = await db.query<{ status: string; client_reference_id: string; code: string }>(
      'SELECT status, client_reference_id, last_error_code AS code FROM sessions WHERE id = $1',
      ['vs_nulWebhook1'],
    );
    assert.deepEqual(row, {
      status: 'requires_input',
      client_reference_id: 'ref\ufffd',
      code: 'document_unverified_other',
    });
    const changes = await db.query<{ reason: string; note: string }>(
      "SELECT payload->'session'->'last_error'->>'reason' AS reason, payload->'session'->'metadata'->>'note' AS note FROM changes WHERE session_id = $1",
      ['vs_nulWebhook1'],
    );
    assert.deepEqual(
      changes,
      [{ reason: 'bad\ufffdreason', note: '\ufffd' }],
      'applied once, values replaced',
    );
    const line = log.lines.find(
      (l) => l.msg === 'a webhook held values the database cannot store: stored with them replaced',
    );
    assert.equal(line?.event, 'evt_nul_1');
    assert.match(String(line?.fields), /client_reference_id/);
    assert.equal(hub.webhooks.replaced, 2);
    assert.equal(hub.webhooks.duplicates, 1);
  });

  test('sign-in: 20 at once check 5 passwords; then growing delays per address; the account holds across addresses; the message in the page language', async () => {
    const form = await loginForm();
    const from = (address: string, extra: Record<string, string> = {}) => ({
      'x-forwarded-for': address,
      ...extra,
    });
    // 20 at once from one address: 5 passwords checked (401), the rest refused before any.
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => signIn(hub, form, 'wrong-password-1', from('203.0.113.20'))),
    );
    const statuses = burst.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(15).fill(429)]);

    // In a row from another address: 5 wrong, then a wait that doubles with each failure.
    const x = from('203.0.113.30');
    for (let i = 0; i < 5; i++) assert.equal((await signIn(hub, form, 'wrong-password-2', x)).status, 401);
    const blocked = await signIn(hub, form, 'wrong-password-2', x);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.headers.get('retry-after'), '1');
    assert.match(blocked.text, /Too many sign-in attempts\. Wait 1 second and try again\./);
    assert.equal((await signIn(hub, form, PASSWORD, x)).status, 429, 'even the right password waits');
    now += 1000;
    assert.equal((await signIn(hub, form, 'wrong-password-2', x)).status, 401, 'allowed after the wait');
    const longer = await signIn(hub, form, 'wrong-password-2', x);
    assert.equal(longer.status, 429);
    assert.equal(longer.headers.get('retry-after'), '2', 'the wait grew');
    const ja = await signIn(hub, form, 'wrong-password-2', { ...x, 'accept-language': 'ja' });
    assert.match(ja.text, /サインインの試行回数が多すぎます。2秒待ってから、もう一度お試しください。/);
    now += 2000;
    assert.equal((await signIn(hub, form, PASSWORD, x)).status, 303, 'the right password after the wait');
    assert.equal((await signIn(hub, form, 'wrong-password-2', x)).status, 401, 'and it cleared the count');

    // The account: 20 failures in all (the one above, then 19 addresses, one each); the next
    // address waits too, though it never failed.
    now += 60_000;
    for (let i = 0; i < 19; i++) {
      assert.equal((await signIn(hub, form, 'wrong-password-3', from(`198.51.100.${i + 1}`))).status, 401);
    }
    assert.equal((await signIn(hub, form, 'wrong-password-3', from('198.51.100.99'))).status, 429);
    assert.ok(log.lines.some((l) => l.msg === 'sign-in refused: too many attempts' && l.level === 'warn'));
    now += 60_000;
    assert.equal((await signIn(hub, form, PASSWORD, from('198.51.100.99'))).status, 303);
  });

  test('X-Forwarded-For is believed only from a listed proxy', async () => {
    const plain = await startTestHub(sim, await openPostgres(pg.url), {
      now: () => now,
      pollEveryMs: 3_600_000,
    });
    try {
      const form = await (async () => {
        const page = await fetch(`${plain.url}/fleet`);
        const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
        return { cookie: (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf };
      })();
      // Each attempt claims another address; without a listed proxy they are all this socket's.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push(
          (await signIn(plain, form, 'wrong-password-4', { 'x-forwarded-for': `192.0.2.${i + 1}` })).status,
        );
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    } finally {
      await plain.close();
    }
  });

  test('enrollment per address, unknown-session look-ups per station (before Stripe), and streams per station are limited', async () => {
    const enrollFrom = (address: string) =>
      call(`${hub.url}/hub/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ code: 'AAAAA-BBBBB-CCCCC' }),
      });
    for (let i = 0; i < 10; i++) assert.equal((await enrollFrom('203.0.113.40')).status, 400);
    const limited = await enrollFrom('203.0.113.40');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error?.code, 'rate_limit');
    assert.equal((await enrollFrom('203.0.113.41')).status, 400, 'another address is not held back');

    const station = await enroll(hub, 'store-L', 'Counter L1');
    const sdk = station.sdk(hub);
    sim.resetStats();
    const outcomes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const error = await sdk.identity.verificationSessions.retrieve(`vs_unknownLookup${i}`).then(
        () => null,
        (e: { statusCode?: number }) => e,
      );
      outcomes.push(error?.statusCode ?? 200);
    }
    assert.deepEqual(outcomes, [...Array(10).fill(404), 429]);
    assert.equal(sim.stats().requests, 10, 'the refused look-up did not reach Stripe');
    // Its own sessions are not look-ups of unknown ones.
    const mine = await createSession(sdk, 'ref-limits');
    assert.equal((await sdk.identity.verificationSessions.retrieve(mine.id)).id, mine.id);

    const streams: StreamClient[] = [];
    for (let i = 0; i < 4; i++) streams.push(await StreamClient.open(hub.url, station.token));
    await streams[0]!.until(() => streams[0]!.ended, 'the oldest stream ended');
    assert.ok(streams.slice(1).every((s) => !s.ended));
    assert.equal(hub.streams.evicted, 1);
    for (const s of streams) s.close();
  });
});
