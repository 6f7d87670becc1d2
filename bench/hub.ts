/**
 * `npm run bench -- hub`: N simulated stations (SSE clients, default 500; HUB_BENCH_STATIONS)
 * on two hub instances (child processes, as deployed) sharing one private PostgreSQL, with
 * verifications completing at a steady rate (default 50/s; HUB_BENCH_RATE) for BENCH_SECONDS.
 * Stripe is the simulator; its webhooks go to instance A, half the stations stream from B.
 *
 * Figures: Stripe event → station update latency (p50/p95, from the simulator's status change to
 * the SSE message at the station), requests to Stripe per minute against a per-station-polling
 * baseline for the same load, and each hub's memory per connected station (RSS delta).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../contract/stripe-api-version.ts';
import { openPostgres } from '../hub/src/db.ts';
import { migrate } from '../hub/src/migrations.ts';
import { Stations } from '../hub/src/stations.ts';
import { startSimulator } from '../main/simulator/index.ts';
import { postgresUnavailable, startPostgres } from '../test/support/postgres.ts';
import { percentile } from './stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const rssKb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startHubProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // The hub logs JSON lines; its `listening` line carries its url.
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m?.[1]) resolve(m[1]);
      if (out.length > 64 * 1024) out = out.slice(-4096);
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}): ${errors}`)));
  });
  return { child, url };
}

interface SseClient {
  close(): void;
}

function openStream(
  url: string,
  token: string,
  onStatus: (id: string, status: string) => void,
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/hub/v1/stream`,
      { headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            // A station's policy (`event: policy`) is not a session's change.
            if (data && !/^event: policy$/m.test(block)) {
              const m = JSON.parse(data) as { session: { id: string; status: string } };
              onStatus(m.session.id, m.session.status);
            }
          }
        });
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function benchHub(seconds: number): Promise<string[]> {
  const skip = postgresUnavailable();
  if (skip) return [skip];
  const stationsWanted = Number(process.env.HUB_BENCH_STATIONS ?? 5000);
  const rate = Number(process.env.HUB_BENCH_RATE ?? 50);
  const pg = await startPostgres();
  const sim = await startSimulator({ processingDelayMs: 1000 });
  const children: ChildProcess[] = [];
  const streams: SseClient[] = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    const db = await openPostgres(pg.url, { poolSize: 2 });
    await migrate(db);
    const portA = await freePort();
    const portB = await freePort();
    // Stripe's webhooks go through a round-robin balancer to both instances, as behind a load
    // balancer (HUB_BENCH_WEBHOOKS=a sends them all to instance A).
    const balanced = process.env.HUB_BENCH_WEBHOOKS !== 'a';
    let turn = 0;
    const balancer = createHttpServer((req, res) => {
      const port = turn++ % 2 === 0 ? portA : portB;
      const forward = request(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => balancer.close(() => resolve())));
    const webhookPort = balanced ? (balancer.address() as AddressInfo).port : portA;
    const admin = new Stripe(sim.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      host: sim.host,
      port: sim.port,
      protocol: 'http',
      telemetry: false,
    });
    const endpoint = await admin.webhookEndpoints.create({
      url: `http://127.0.0.1:${webhookPort}/stripe/webhook`,
      enabled_events: ['*'],
    });
    const env = (port: number) => ({
      PORT: String(port),
      DATABASE_URL: pg.url,
      STRIPE_SECRET_KEY: sim.secretKey,
      STRIPE_API_URL: sim.url,
      STRIPE_WEBHOOK_SECRET: endpoint.secret ?? '',
    });
    const a = await startHubProcess(env(portA));
    children.push(a.child);
    const b = await startHubProcess(env(portB));
    children.push(b.child);
    const hubs = [a, b];
    const rssBefore = hubs.map((h) => rssKb(h.child.pid!));

    // Enroll and connect the stations, half on each instance.
    const stations = new Stations(db, { now: Date.now });
    const sent = new Map<string, number>(); // session id → when Stripe marked it verified
    const receivedAt = new Map<string, number>();
    const latencies: number[] = [];
    let received = 0;
    const fleet: Array<{ sdk: Stripe; hub: string }> = [];
    // Enrolled through the hub's own Stations on the shared database (as many codes at once as
    // the fleet page would make over weeks; the HTTP enrollment is limited per address).
    const tokens: string[] = [];
    for (let i = 0; i < stationsWanted; i++) {
      const { code } = await stations.createCode({
        store: `store-${i % 50}`,
        name: `station-${i}`,
        kind: 'counter',
      });
      tokens.push((await stations.enroll(code)).token);
    }
    const onStatus = (id: string, status: string) => {
      if (status !== 'verified') return;
      const at = sent.get(id);
      if (at === undefined) return;
      sent.delete(id);
      receivedAt.set(id, Date.now());
      received++;
      latencies.push(Date.now() - at);
    };
    // Streams opened 100 at a time, half on each instance.
    let openFailures = 0;
    let firstOpenError = '';
    for (let from = 0; from < stationsWanted; from += 100) {
      const batch = [];
      for (let i = from; i < Math.min(stationsWanted, from + 100); i++) {
        const hub = hubs[i % 2]!.url;
        const token = tokens[i]!;
        const u = new URL(hub);
        fleet.push({
          hub,
          sdk: new Stripe(token, {
            apiVersion: STRIPE_API_VERSION,
            host: u.hostname,
            port: Number(u.port),
            protocol: 'http',
            maxNetworkRetries: 2,
            telemetry: false,
          }),
        });
        batch.push(
          openStream(hub, token, onStatus).then(
            (c) => streams.push(c),
            (error: unknown) => {
              openFailures++;
              firstOpenError ||= String(error);
            },
          ),
        );
      }
      await Promise.all(batch);
    }
    if (openFailures > 0) {
      console.log(`bench: ${openFailures} streams could not be opened (first: ${firstOpenError})`);
    }
    const rssConnected = hubs.map((h) => rssKb(h.child.pid!));
    const connectedPerHub = streams.length / 2;

    const verifiedAt = new Map<string, number>();
    const ackedAt = new Map<string, number>(); // webhook event id → when the hub answered 200
    sim.onStatusChange((id, status, atMs) => {
      if (status !== 'verified') return;
      sent.set(id, atMs);
      verifiedAt.set(id, atMs);
    });
    sim.onWebhookAttempt((a) => {
      if (a.status === 200 && !ackedAt.has(a.eventId)) ackedAt.set(a.eventId, Date.now());
    });
    // Steady load: one verification every 1000/rate ms, round-robin over the stations.
    sim.resetStats();
    const cpuBefore = [...hubs.map((h) => cpuSeconds(h.child.pid!)), process.cpuUsage()];
    const started = Date.now();
    let launched = 0;
    let failed = 0;
    let activeSamples = 0;
    let activeSum = 0;
    const inFlight: Array<Promise<void>> = [];
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) * rate) / 1000);
      while (launched < due) {
        const station = fleet[launched % fleet.length]!;
        const n = launched++;
        inFlight.push(
          (async () => {
            try {
              const s = await station.sdk.identity.verificationSessions.create(
                { type: 'document', client_reference_id: `bench-${n}` },
                { idempotencyKey: `bench-${n}` },
              );
              await sim.submit(s.id, 'verified');
            } catch {
              failed++;
            }
          })(),
        );
      }
      activeSum += launched - failed - received; // verifications not finished at their station
      activeSamples++;
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(inFlight);
    const drainDeadline = Date.now() + 15_000;
    while (received + failed < launched && Date.now() < drainDeadline)
      await new Promise((r) => setTimeout(r, 50));
    // Rates over the steady window (the drain after it sends nothing new to Stripe but webhooks).
    const elapsedMin = seconds / 60;
    const stats = sim.stats();
    const perMin = Math.round(stats.requests / elapsedMin);
    const creates = stats.byRoute['POST /v1/identity/verification_sessions'] ?? 0;
    const nonCreate = stats.requests - creates;
    // Baseline: each station polls the Events API once a second while it has a customer (the
    // app's watcher without a hub). Stations busy at once ≈ the mean number of unfinished
    // verifications during the run (at most one customer per station).
    const busyStations = Math.min(stationsWanted, activeSum / Math.max(1, activeSamples));
    const baselinePerMin = Math.round(busyStations * 60 + creates / elapsedMin);
    // Where the time goes: Stripe → hub (the simulator's delivery until the hub's 200, which
    // comes after its commit) and hub → station (NOTIFY, fan-out, the station's socket).
    const stripeToHub: number[] = [];
    const hubToStation: number[] = [];
    for await (const e of admin.events.list({ type: 'identity.verification_session.verified', limit: 100 })) {
      const id = (e.data.object as { id: string }).id;
      const acked = ackedAt.get(e.id);
      const v = verifiedAt.get(id);
      const r = receivedAt.get(id);
      if (acked === undefined || v === undefined || r === undefined) continue;
      stripeToHub.push(acked - v);
      hubToStation.push(Math.max(0, r - acked));
    }
    const cpuHub = hubs.map((h, i) => cpuSeconds(h.child.pid!) - (cpuBefore[i] as number));
    const own = process.cpuUsage(cpuBefore[2] as NodeJS.CpuUsage);
    const wall = (Date.now() - started) / 1000;
    const cpuShare = (s: number) => `${Math.round((100 * s) / wall)}%`;
    const rssLoaded = hubs.map((h) => rssKb(h.child.pid!));
    const perStation = hubs.map((_, i) => ((rssConnected[i]! - rssBefore[i]!) / connectedPerHub).toFixed(1));
    return [
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work shares these cores)`,
      `CPU during the run: hub A ${cpuShare(cpuHub[0]!)}, hub B ${cpuShare(cpuHub[1]!)} of a core; the bench process (simulator + ${stationsWanted} stations) ${cpuShare((own.user + own.system) / 1e6)}`,
      `stations: ${stationsWanted} SSE clients (${connectedPerHub} per instance), 2 hub instances (child processes), 1 PostgreSQL 15; webhooks ${balanced ? 'round-robin over both instances' : 'all to instance A'}`,
      `load: ${launched} verifications in ${seconds} s (${(launched / seconds).toFixed(1)}/s, target ${rate}/s), ${received} verified updates received, ${failed} failed, ${launched - failed - received} lost (target 0)`,
      `webhook → station update: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms (target p50 ≤ 150, p95 ≤ 500)`,
      `  of which Stripe → hub (delivery to the hub's 200): p50 ${percentile(stripeToHub, 50)} ms, p95 ${percentile(stripeToHub, 95)} ms; hub → station: p50 ${percentile(hubToStation, 50)} ms, p95 ${percentile(hubToStation, 95)} ms`,
      `requests to Stripe: ${perMin}/min (${creates} creates, ${nonCreate} other: ${JSON.stringify(stats.byRoute)})`,
      `per-station-polling baseline for the same load: ≈ ${baselinePerMin}/min (${busyStations.toFixed(0)} stations with a customer × 60 Events API polls + the creates)`,
      `hub memory per connected station: ${perStation.join(' / ')} KB RSS (A / B; target ≤ 40); RSS idle ${rssBefore.map((k) => Math.round(k / 1024)).join(' / ')} MB, connected ${rssConnected.map((k) => Math.round(k / 1024)).join(' / ')} MB, after load ${rssLoaded.map((k) => Math.round(k / 1024)).join(' / ')} MB`,
    ];
  } finally {
    for (const s of streams) s.close();
    for (const c of children) c.kill('SIGTERM');
    for (const close of closers) await close();
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await sim.close();
    await pg.stop();
  }
}
