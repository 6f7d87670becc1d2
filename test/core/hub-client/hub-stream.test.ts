/**
 * The hub stream client over real HTTP: the SSE parser on chunks split anywhere, reconnection
 * with Last-Event-ID that misses nothing and repeats nothing, a handler that fails (the message
 * comes again), and a revoked station (said once, then nothing more is asked or scheduled).
 *
 * The server here is a few lines playing the hub's `GET /hub/v1/stream` exactly as the wire API
 * says (id = seq, `event: session`, replay after Last-Event-ID, 401 for a revoked token); the
 * full path against the real hub server is in test/e2e/hub-station.test.ts.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HUB_PATHS, type StreamMessage } from '../../../contract/hub-api.ts';
import { createSseParser } from '../../../main/core/hub-client/hub-sse.ts';
import { openHubStream, type HubStreamState } from '../../../main/core/hub-client/hub-stream.ts';
import { eventually } from '../../support/backend.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const TOKEN = 'cs_station_test0123456789';

function message(seq: number, status = 'processing'): StreamMessage {
  return {
    seq,
    type: `identity.verification_session.${status}`,
    session: {
      id: `vs_test${seq}`,
      object: 'identity.verification_session',
      status,
      last_error: null,
      client_reference_id: `ref-${seq}`,
      created: 1_700_000_000,
      livemode: false,
      type: 'document',
      metadata: {},
    },
  };
}

const frame = (m: StreamMessage) => `id: ${m.seq}\nevent: session\ndata: ${JSON.stringify(m)}\n\n`;

/** The stream endpoint of a hub, and nothing else. */
async function startStreamServer() {
  const log: StreamMessage[] = [];
  const open = new Set<ServerResponse>();
  const connections: Array<{ lastEventId: string | null; auth: string | null }> = [];
  let revoked = false;
  const server = createServer((req, res) => {
    if (req.url !== HUB_PATHS.stream) return void res.writeHead(404).end();
    connections.push({
      lastEventId: (req.headers['last-event-id'] as string | undefined) ?? null,
      auth: req.headers.authorization ?? null,
    });
    if (revoked || req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({
          error: { type: 'invalid_request_error', code: 'station_revoked', message: 'Revoked.' },
        }),
      );
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(': keep-alive\n\n');
    const after = Number(req.headers['last-event-id'] ?? 0);
    for (const m of log) if (m.seq > after) res.write(frame(m));
    open.add(res);
    req.on('close', () => open.delete(res));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connections,
    open,
    /** A change: kept for replays, and written to every open stream. */
    publish(m: StreamMessage) {
      log.push(m);
      for (const res of open) res.write(frame(m));
    },
    /** Kept in the log only: as if it happened while no stream was open. */
    record(m: StreamMessage) {
      log.push(m);
    },
    dropAll() {
      for (const res of open) res.destroy();
      open.clear();
    },
    revoke() {
      revoked = true;
      for (const res of open) res.end();
      open.clear();
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

describe('SSE parser', () => {
  it('reads messages split anywhere, CRLF or LF, with comments and multi-line data', () => {
    const text =
      ': keep-alive\r\n\r\nid: 7\r\nevent: session\r\ndata: {"a":\r\ndata: 1}\r\n\r\n' +
      'id: 8\nevent: session\ndata:{"b":2}\n\n: keep-alive\n\ndata: no id\n\n';
    // Every split point, including inside "\r\n": the messages must come out the same.
    for (let cut = 0; cut <= text.length; cut += 1) {
      const parser = createSseParser();
      const out = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      assert.deepEqual(
        out,
        [
          { id: '7', event: 'session', data: '{"a":\n1}' },
          { id: '8', event: 'session', data: '{"b":2}' },
          { id: null, event: 'message', data: 'no id' },
        ],
        `split at ${cut}`,
      );
      assert.equal(parser.comments, 2);
    }
  });

  it('does not dispatch a message before its blank line, nor one without data', () => {
    const parser = createSseParser();
    assert.deepEqual(parser.push('id: 1\nevent: session\ndata: x\n'), []);
    assert.deepEqual(parser.push('\n'), [{ id: '1', event: 'session', data: 'x' }]);
    assert.deepEqual(parser.push('id: 2\nevent: session\n\n'), []);
  });
});

describe('hub stream client', () => {
  let hub: Awaited<ReturnType<typeof startStreamServer>>;
  before(async () => {
    hub = await startStreamServer();
  });
  after(() => hub.close());

  it('reconnects with Last-Event-ID after a drop and misses nothing, repeats nothing', async () => {
    const clock = new ManualClock(Date.now());
    const handled: number[] = [];
    let lastSeq: number | null = null;
    const states: string[] = [];
    const stream = openHubStream({
      url: hub.url,
      token: TOKEN,
      clock,
      random: () => 0.5,
      lastSeq: () => lastSeq,
      onMessage: (m) => {
        handled.push(m.seq);
        lastSeq = m.seq;
        return true;
      },
      onState: (s, failures) => states.push(`${s}:${failures}`),
    });
    try {
      await eventually(() => (hub.open.size === 1 ? true : undefined));
      assert.equal(hub.connections.at(-1)?.lastEventId, null, 'a first connection has nothing to resume');
      assert.equal(hub.connections.at(-1)?.auth, `Bearer ${TOKEN}`);
      hub.publish(message(1));
      hub.publish(message(2));
      await eventually(() => (handled.length === 2 ? true : undefined));

      // The connection breaks; two changes happen while the station is away.
      hub.dropAll();
      await eventually(() => (stream.state() === 'disconnected' ? true : undefined));
      hub.record(message(3));
      hub.record(message(5));
      // The backoff is on the injected clock: the client waits until it has run out.
      await clock.waitForTimer();
      const connectionsBefore = hub.connections.length;
      clock.advance(60_000);
      await eventually(() => (handled.length === 4 ? true : undefined));
      assert.equal(hub.connections.length, connectionsBefore + 1);
      assert.equal(hub.connections.at(-1)?.lastEventId, '2', 'resumes after the last handled seq');
      hub.publish(message(6));
      await eventually(() => (handled.length === 5 ? true : undefined));
      assert.deepEqual(handled, [1, 2, 3, 5, 6]);
      // One drop, one good reconnect: the failure count the station judges "offline" by stays at 1.
      assert.deepEqual(states.slice(0, 3), ['connected:0', 'disconnected:1', 'connected:0']);
      assert.equal(stream.stats().connections, 2);
    } finally {
      await stream.stop();
      hub.dropAll();
    }
  });

  it('skips a replayed message it already handled', async () => {
    const clock = new ManualClock(Date.now());
    const handled: number[] = [];
    // The station persisted seq 50 but the hub replays from 30 (say, a slower replica).
    let lastSeq: number | null = 50;
    const stream = openHubStream({
      url: hub.url,
      token: TOKEN,
      clock,
      lastSeq: () => lastSeq,
      onMessage: (m) => {
        handled.push(m.seq);
        lastSeq = m.seq;
        return true;
      },
    });
    try {
      await eventually(() => (hub.open.size === 1 ? true : undefined));
      for (const res of hub.open) {
        res.write(frame(message(30)));
        res.write(frame(message(50)));
        res.write(frame(message(70)));
      }
      await eventually(() => (handled.length === 1 ? true : undefined));
      assert.deepEqual(handled, [70]);
      assert.equal(stream.stats().skipped, 2);
    } finally {
      await stream.stop();
      hub.dropAll();
    }
  });

  it('a message the station could not handle comes again after reconnecting', async () => {
    const clock = new ManualClock(Date.now());
    const handled: number[] = [];
    let lastSeq: number | null = 6;
    let failNext = true;
    const stream = openHubStream({
      url: hub.url,
      token: TOKEN,
      clock,
      lastSeq: () => lastSeq,
      onMessage: (m) => {
        if (failNext) {
          // A subscriber's disk write failed: not handled, seq not moved.
          failNext = false;
          return false;
        }
        handled.push(m.seq);
        lastSeq = m.seq;
        return true;
      },
    });
    try {
      await eventually(() => (hub.open.size === 1 ? true : undefined));
      hub.publish(message(8));
      await eventually(() => (stream.state() === 'disconnected' ? true : undefined));
      await clock.waitForTimer();
      clock.advance(60_000);
      await eventually(() => (handled.length === 1 ? true : undefined));
      assert.deepEqual(handled, [8]);
      assert.equal(hub.connections.at(-1)?.lastEventId, '6');
    } finally {
      await stream.stop();
      hub.dropAll();
    }
  });

  it('stop() ends a stream even when aborting the request does not reach its body', async () => {
    // Seen with undici (Node 20) under load: once the response had arrived, aborting the fetch
    // left the body's pending read unanswered for good, so stop() never returned and a hub
    // disconnect hung. This transport behaves that way every time: its body ignores the abort.
    let aborted = false;
    const deafToAbort: typeof fetch = async (_input, init) => {
      init?.signal?.addEventListener('abort', () => (aborted = true));
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode(': keep-alive\n\n')),
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    };
    const stream = openHubStream({
      url: 'http://127.0.0.1:9',
      token: TOKEN,
      lastSeq: () => null,
      onMessage: () => true,
      fetch: deafToAbort,
    });
    await eventually(() => (stream.state() === 'connected' ? true : undefined));
    let deadline: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      stream.stop().then(() => 'stopped'),
      new Promise((resolve) => (deadline = setTimeout(resolve, 5000, 'still reading'))),
    ]);
    clearTimeout(deadline);
    assert.equal(outcome, 'stopped');
    assert.equal(stream.state(), 'stopped');
    assert.ok(aborted, 'the request was aborted too');
  });

  it('a revoked station is told once and stops: no retry is asked or scheduled', async () => {
    const clock = new ManualClock(Date.now());
    const states: HubStreamState[] = [];
    const stream = openHubStream({
      url: hub.url,
      token: TOKEN,
      clock,
      lastSeq: () => 8,
      onMessage: () => true,
      onState: (s) => states.push(s),
    });
    await eventually(() => (hub.open.size === 1 ? true : undefined));
    const before = hub.connections.length;
    // The admin revokes the station: the hub closes its stream and refuses the token.
    hub.revoke();
    await eventually(() => (stream.state() === 'disconnected' ? true : undefined));
    await clock.waitForTimer();
    clock.advance(60_000);
    await eventually(() => (stream.state() === 'revoked' ? true : undefined));
    // One reconnection (the close might have been a network drop), refused with 401: then nothing.
    clock.advance(24 * 60 * 60 * 1000);
    assert.equal(clock.pending, 0, 'no backoff, no idle timer: nothing will ever ask again');
    assert.equal(hub.connections.length, before + 1);
    assert.deepEqual(states, ['connected', 'disconnected', 'revoked']);
    await stream.stop();
    assert.equal(stream.state(), 'revoked');
  });
});
