/**
 * Start-up with 100,000 history records: (a) opening the history, all at once (`openRecords`)
 * and in the background (`openRecordsInBackground`: how soon it returns, the longest pause it
 * imposes on the event loop, when it is ready), (b) from `createAppCore` to its first
 * `app.status` answer, (c) the heap used once the history is open.
 * Targets: first `app.status` ≤ 300 ms, heap ≤ 100 MB.
 *
 * Wall times on a shared machine vary with its load, so the CPU time of each open is given too.
 *
 * The history is generated once per run into a temporary directory, in the on-disk format and
 * under the simulator backend's store names (the core opens the simulator when no key is
 * stored). Its records are settled (verified, canceled, failed), as a history mostly is: the
 * start-up reconciliation then has nothing to rewrite and the figure is the cost of opening.
 */
import { silentLogger } from '../base/logger.ts';
import { startSimulator } from '../main/simulator/index.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAppCore, type StoreFactory } from '../main/core/index.ts';
import {
  DEFAULT_SHARD_SIZE,
  RECORDS_SCHEMA_VERSION,
  openRecords,
  openRecordsInBackground,
  shardName,
  type SessionRecord,
} from '../main/core/records/index.ts';
import { confStoreFactory } from '../test/support/conf-store.ts';
import { percentile } from './stats.ts';

const RECORDS = 100_000;
const RUNS = 5;
const STATUS_TARGET_MS = 300;
const HEAP_TARGET_MB = 100;
/** The prefix the core gives the simulator backend's stores. */
const PREFIX = 'simulator-';

/** Writes a history of `count` settled records, oldest first, ending a minute ago. */
export function writeHistoryFixture(factory: StoreFactory, count: number): void {
  const start = Date.now() - count * 1000 - 60_000;
  let shard = 0;
  for (let offset = 0; offset < count; offset += DEFAULT_SHARD_SIZE, shard++) {
    const records: SessionRecord[] = [];
    for (let i = offset; i < Math.min(count, offset + DEFAULT_SHARD_SIZE); i++) {
      const failed = i % 10 === 0;
      records.push({
        clientReferenceId: `csr_start${String(i).padStart(7, '0')}`,
        sessionId: failed ? null : `vs_start${String(i).padStart(7, '0')}`,
        reference: `ORDER-${i}`,
        type: i % 5 === 0 ? 'id_number' : 'document',
        status: failed ? 'failed' : i % 4 === 0 ? 'canceled' : 'verified',
        lastErrorCode: failed ? 'rate_limited' : i % 4 === 0 ? 'document_expired' : null,
        attempts: failed ? 0 : 1 + (i % 3),
        station: `counter-${i % 7}`,
        staff: i % 2 === 0 ? `staff-${i % 13}` : null,
        created: start + i * 1000,
        updated: start + i * 1000 + 500,
        redacted: i % 97 === 0,
        redactedAt: i % 97 === 0 ? start + i * 1000 + 900 : null,
      });
    }
    factory(shardName(shard)).set('doc', {
      seq: 1,
      body: { schemaVersion: RECORDS_SCHEMA_VERSION, records },
    });
  }
  factory('history-catalog').set('doc', { seq: 1, body: { schemaVersion: 1, shardCount: shard } });
}

/** `global.gc` without asking for `--expose-gc` on the command line. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const median = (samples: number[]) => percentile(samples, 50).toFixed(0);
const ms = (samples: number[]) => `median ${median(samples)} ms`;

/** Milliseconds of CPU (user + system) used by this process since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** The heap of a fresh process that opens the same history (startup-heap-child.ts). */
function heapInOwnProcess(dir: string): { records: number; beforeMb: number; afterMb: number } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./startup-heap-child.ts', import.meta.url))],
    {
      env: { ...process.env, BENCH_HISTORY_DIR: dir, BENCH_HISTORY_PREFIX: PREFIX },
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) throw new Error(`the heap probe failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    records: number;
    beforeMb: number;
    afterMb: number;
  };
  if (result.records !== RECORDS) throw new Error(`the heap probe opened ${result.records} records`);
  return result;
}

export async function benchStartup(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-startup-'));
  const gc = collector();
  try {
    const storeFactory = confStoreFactory(dir);
    const backendFactory: StoreFactory = (name, o) => storeFactory(PREFIX + name, o);
    writeHistoryFixture(backendFactory, RECORDS);

    gc();
    const heapBeforeMb = process.memoryUsage().heapUsed / 1e6;
    const opens: number[] = [];
    const openCpu: number[] = [];
    let heapMb = NaN;
    for (let run = 0; run < RUNS; run++) {
      gc();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const records = openRecords({ storeFactory: backendFactory });
      opens.push(performance.now() - t0);
      openCpu.push(cpuMs(cpu));
      if (records.size !== RECORDS) throw new Error(`opened ${records.size} records, expected ${RECORDS}`);
      if (run === RUNS - 1) {
        gc();
        heapMb = process.memoryUsage().heapUsed / 1e6;
      }
      records.flush();
    }

    // In the background: another task takes turns with the loader, as the core answering
    // app.status would; its longest wait is the longest the loader holds the event loop.
    const returns: number[] = [];
    const readies: number[] = [];
    const stalls: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      gc();
      const t0 = performance.now();
      const records = openRecordsInBackground({ storeFactory: backendFactory });
      returns.push(performance.now() - t0);
      let longest = 0;
      while (!records.loaded) {
        const t = performance.now();
        await nextTurn();
        longest = Math.max(longest, performance.now() - t);
      }
      await records.ready();
      readies.push(performance.now() - t0);
      stalls.push(longest);
      if (records.size !== RECORDS) throw new Error(`opened ${records.size} records, expected ${RECORDS}`);
    }

    const statuses: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      gc();
      const t0 = performance.now();
      const core = await createAppCore({
        storeFactory,
        keychain: null,
        station: 'counter-1',
        version: '0.0.0-bench',
        logger: silentLogger,
        startSimulator: () => startSimulator({}),
      });
      const status = await core.handlers['app.status']({}, { window: 'staff' });
      statuses.push(performance.now() - t0);
      if (status.backend !== 'simulator') throw new Error('the bench expects the simulator backend');
      await core.close();
    }

    const own = heapInOwnProcess(dir);
    const status50 = percentile(statuses, 50);
    return [
      `start-up with ${RECORDS.toLocaleString('en')} records, ${RUNS} runs each:`,
      `  openRecords ${ms(opens)} (min ${Math.min(...opens).toFixed(0)}, CPU median ${median(openCpu)} ms)`,
      `  openRecordsInBackground: returns in ${ms(returns)}, longest event-loop pause ` +
        `${ms(stalls)}, ready ${ms(readies)}`,
      `  createAppCore → first app.status ${ms(statuses)} (min ${Math.min(...statuses).toFixed(0)}; ` +
        `the core opens its history in the background, so the status waits for none of it)`,
      `  heap used with the history open, in a process of its own ${own.afterMb.toFixed(0)} MB ` +
        `(${own.beforeMb.toFixed(0)} MB before opening; in the bench process ${heapMb.toFixed(0)} MB, ` +
        `${heapBeforeMb.toFixed(0)} MB before: the bench holds what it wrote)`,
      `  target: first app.status ≤ ${STATUS_TARGET_MS} ms (median ${status50.toFixed(0)} ms: ` +
        `${verdict(status50 <= STATUS_TARGET_MS)}), heap ≤ ${HEAP_TARGET_MB} MB ` +
        `(${own.afterMb.toFixed(0)} MB: ${verdict(own.afterMb <= HEAP_TARGET_MB)})`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
