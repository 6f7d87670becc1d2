/**
 * Station health and the fleet page's live stream: a heartbeat's queue length and last error
 * reach the overview (an older station's beat without one keeps it, null clears it), the online
 * period's start is kept across beats and starts again after a gap; the fleet stream (admin
 * cookie only) says "stations" when a station's health changes and "sessions" when a session
 * does, without the page asking.
 */
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Overview } from '../../hub/src/fleet-overview.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { signInAdmin, type AdminClient } from '../support/fleet-admin.ts';
import {
  connectWebhooks,
  createSession,
  enroll,
  openPglite,
  startStripe,
  startTestHub,
  type Enrolled,
} from '../support/hub.ts';

/** The fleet stream's `event: fleet` topics, as they come. */
class FleetStreamClient {
  readonly topics: string[][] = [];
  status = 0;
  #waiters = new Set<() => void>();
  #res: IncomingMessage | null = null;

  static open(url: string, cookie: string): Promise<FleetStreamClient> {
    const c = new FleetStreamClient();
    return new Promise((resolve, reject) => {
      const req = request(`${url}/fleet/api/stream`, { headers: { cookie } }, (res) => {
        c.#res = res;
        c.status = res.statusCode ?? 0;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (/^event: fleet$/m.test(frame) && data) {
              c.topics.push((JSON.parse(data) as { topics: string[] }).topics);
              for (const w of c.#waiters) w();
            }
          }
        });
        resolve(c);
      });
      req.on('error', reject);
      req.end();
    });
  }

  until(topic: string, timeoutMs = 8000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.topics.some((t) => t.includes(topic))) {
          this.#waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no "${topic}" in ${JSON.stringify(this.topics)}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  clear(): void {
    this.topics.length = 0;
  }

  close(): void {
    this.#res?.destroy();
  }
}

describe('station health and the fleet stream', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let admin: AdminClient;
  let station: Enrolled;
  let now = Date.now();

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, { now: () => now });
    await connectWebhooks(sim, hub);
    admin = await signInAdmin(hub);
    station = await enroll(hub, 'Store H', 'Counter H');
  });
  after(async () => {
    await hub?.close();
    await sim?.close();
  });

  const beat = (body: unknown) =>
    fetch(`${hub.url}/hub/v1/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${station.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const row = async () =>
    (await admin.get<Overview>('/fleet/api/overview')).body.stations.find((s) => s.id === station.id)!;

  test('the heartbeat carries queue length and last error; online since is kept, then starts again', async () => {
    const first = now;
    assert.equal(
      (await beat({ queued: 3, active: 1, lastError: { code: 'api_connection_error', at: now - 5000 } }))
        .status,
      204,
    );
    let r = await row();
    assert.equal(r.queued, 3);
    assert.deepEqual(r.lastError, { code: 'api_connection_error', at: now - 5000 });
    const since = r.onlineSince;
    assert.ok(since !== null && since <= first);
    now += 30_000;
    assert.equal((await beat({ queued: 0, active: 0 })).status, 204);
    r = await row();
    assert.deepEqual(
      r.lastError,
      { code: 'api_connection_error', at: first - 5000 },
      'an older beat keeps it',
    );
    assert.equal(r.onlineSince, since, 'a beat within the window continues the online period');
    now += 5 * 60_000;
    assert.equal((await beat({ queued: 0, active: 0, lastError: null })).status, 204);
    r = await row();
    assert.equal(r.lastError, null, 'null clears it');
    assert.equal(r.onlineSince, now, 'after a gap, a new online period');
    assert.equal((await beat({ queued: 0, active: 0, lastError: { code: 'Bad Code', at: 1 } })).status, 400);
  });

  test('the fleet stream: refused without the admin, live with it', async () => {
    const anonymous = await FleetStreamClient.open(hub.url, '');
    assert.equal(anonymous.status, 401);
    anonymous.close();
    const stream = await FleetStreamClient.open(hub.url, admin.cookie);
    assert.equal(stream.status, 200);
    try {
      // Let the stream read the stations once, then change one's health.
      await new Promise((ok) => setTimeout(ok, 2500));
      await beat({ queued: 7, active: 0 });
      await stream.until('stations');
      stream.clear();
      await createSession(station.sdk(hub), 'ref-health-1');
      await stream.until('sessions');
    } finally {
      stream.close();
    }
  });
});
