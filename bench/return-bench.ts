/**
 * The customer comes back from the hosted flow: how long until the console hears "checking"
 * (the session.updated event with status processing)? The core asks the Events API the moment
 * the customer window reaches the return_url; the baseline waits for the watcher's next tick,
 * as the app did before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAppCore } from '../main/core/index.ts';
import { silentLogger } from '../base/logger.ts';
import { startSimulator, type RunningSimulator } from '../main/simulator/index.ts';
import { confStoreFactory } from '../test/support/conf-store.ts';
import { percentile } from './stats.ts';

const RUNS = 20;
const TARGET_P50_MS = 200;

async function measure(tellCore: boolean): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-return-bench-'));
  const core = await createAppCore<RunningSimulator>({
    storeFactory: confStoreFactory(dir),
    keychain: null,
    station: 'bench',
    version: '0.0.0-bench',
    logger: silentLogger,
    // Long enough that the session is still processing when the console hears of it.
    startSimulator: () => startSimulator({ processingDelayMs: 10_000 }),
  });
  const staff = { window: 'staff' as const };
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const started = await core.handlers['sessions.start'](
        { type: 'document', reference: `Return ${run}` },
        staff,
      );
      if (started.outcome !== 'created' || !started.session.id) throw new Error('not created');
      const id = started.session.id;
      await core.handlers['customer.present']({ id, via: 'screen' }, staff);
      // Let the watcher settle into its rhythm, as a customer takes a while on the hosted page.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1000));
      const heard = new Promise<number>((resolve) => {
        const stop = core.on('session.updated', (view) => {
          if (view.id === id && view.status === 'processing') {
            stop();
            resolve(performance.now());
          }
        });
      });
      // What the hosted page does on submit, then the redirect to the return_url.
      await core.simulator()!.submit(id, 'verified');
      const returned = performance.now();
      if (tellCore) core.customerReturned();
      times.push((await heard) - returned);
      await core.handlers['sessions.cancel']({ id }, staff).catch(() => undefined);
    }
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

export async function benchReturn(): Promise<string[]> {
  const fast = await measure(true);
  const baseline = await measure(false);
  const p50 = percentile(fast, 50);
  const line = (times: number[]) =>
    `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`;
  return [
    `return from the hosted flow → console hears "checking", ${RUNS} runs each:`,
    `  core told at the return: ${line(fast)}`,
    `  baseline, next watcher tick (1 s fast interval): ${line(baseline)}`,
    `  target: p50 ≤ ${TARGET_P50_MS} ms (${p50.toFixed(0)} ms: ${p50 <= TARGET_P50_MS ? 'met' : 'missed'})`,
  ];
}
