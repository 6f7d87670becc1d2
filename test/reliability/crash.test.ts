/**
 * Kill -9 at random moments while creations are queued and drained; restart; repeat. At the end
 * every creation that `enqueue` acknowledged has exactly one session on the simulator and a
 * history record that names it.
 */
import { specCheck } from '../support/stripe-spec.ts';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { openRecords } from '../../main/core/records/index.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { confStoreFactory, tempStoreDir } from '../support/conf-store.ts';
import { runCrashWorker } from '../support/crash-run.ts';

// Every answer the simulator sends in this file is checked against Stripe's spec.
const spec = specCheck();

const ITERATIONS = 30;
let sim: RunningSimulator;
const store = tempStoreDir('countersign-crash-');
const sealKey = randomBytes(32).toString('hex');

before(async () => {
  sim = await startSimulator({ onResponse: spec.onResponse, processingDelayMs: 50 });
  // Slow some answers down so that kills land between a create and its record.
  sim.setFaults({ latencyMs: 40, latencyRate: 0.5 });
});
after(async () => {
  await sim.close();
  spec.assertClean();
  store.cleanup();
});

async function runWorker(options: {
  enqueue: number;
  final: boolean;
  killAfterMs?: number;
}): Promise<string[]> {
  return runCrashWorker({
    script: 'test/support/crash-worker.ts',
    env: {
      CS_DIR: store.dir,
      CS_SIM_HOST: sim.host,
      CS_SIM_PORT: String(sim.port),
      CS_SIM_KEY: sim.secretKey,
      CS_SEAL_KEY: sealKey,
      CS_ENQUEUE: String(options.enqueue),
    },
    ack: 'queued',
    final: options.final,
    ...(options.killAfterMs !== undefined ? { killAfterMs: options.killAfterMs } : {}),
  });
}

// The limit only guards against a hang: each of the 31 workers starts a fresh Node with tsx,
// which on a busy 2-core machine can take seconds.
it('loses nothing and duplicates nothing across kill -9', { timeout: 400_000 }, async () => {
  const acknowledged = new Set<string>();
  for (let i = 0; i < ITERATIONS; i++) {
    const ids = await runWorker({ enqueue: 6, final: false, killAfterMs: Math.floor(Math.random() * 250) });
    ids.forEach((id) => acknowledged.add(id));
  }
  (await runWorker({ enqueue: 0, final: true })).forEach((id) => acknowledged.add(id));

  const perReference = new Map<string, number>();
  for (const s of sim.sessions()) {
    if (s.client_reference_id)
      perReference.set(s.client_reference_id, (perReference.get(s.client_reference_id) ?? 0) + 1);
  }
  const records = openRecords({ storeFactory: confStoreFactory(store.dir) });
  let lost = 0;
  let unsent = 0;
  for (const id of acknowledged) {
    const record = records.get(id);
    if (!record || (perReference.get(id) ?? 0) === 0) lost++;
    else if (!record.sessionId) unsent++;
  }
  const duplicates = [...perReference.values()].filter((n) => n > 1).length;
  const sessionsWithoutRecord = [...perReference.keys()].filter((id) => !records.get(id)?.sessionId).length;
  console.log(
    `crash: iterations=${ITERATIONS} queued=${acknowledged.size} sessions=${sim.sessions().length} ` +
      `lost=${lost} unsent=${unsent} duplicates=${duplicates} sessions_without_record=${sessionsWithoutRecord}`,
  );
  assert.ok(acknowledged.size >= ITERATIONS, 'the workers queued work before being killed');
  assert.equal(lost, 0);
  assert.equal(unsent, 0);
  assert.equal(duplicates, 0);
  assert.equal(sessionsWithoutRecord, 0);
});
