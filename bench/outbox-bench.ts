/**
 * Draining 500 queued creations into the simulator under its 25 requests/second limit.
 * The ideal is 500 / 25 = 20 s; the target is ≤ 1.15 × that, with no duplicate session.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../main/core/stripe/index.ts';
import { connectivityFor } from '../test/support/core-parts.ts';
import { simulatorGateway as simulatorGatewayFor } from '../test/support/backend.ts';
import { openOutbox } from '../main/core/outbox/index.ts';
import { openRecords } from '../main/core/records/index.ts';
import { startSimulator } from '../main/simulator/index.ts';
import { confStoreFactory } from '../test/support/conf-store.ts';

const COUNT = 500;
const RATE = 25;

export async function benchOutboxDrain(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-outbox-'));
  const sim = await startSimulator({ processingDelayMs: 1000 });
  try {
    const storeFactory = confStoreFactory(dir);
    const records = openRecords({ storeFactory });
    const outbox = openOutbox({
      storeFactory,
      records,
      sealKey: randomBytes(32),
      ratePerSecond: RATE,
      connectivity: connectivityFor(simulatorGatewayFor(sim)),
      gateway: createGateway({
        apiKey: sim.secretKey,
        target: { host: sim.host, port: sim.port, protocol: sim.protocol },
        maxNetworkRetries: 0,
      }),
    });
    // Queueing is not timed: only the drain is.
    for (let i = 0; i < COUNT; i++) {
      outbox.enqueue({ input: { type: 'document', reference: `BENCH-${i}`, email: 'bench@example.com' } });
    }
    sim.setFaults({ rateLimitPerSecond: RATE });
    sim.resetStats();
    const started = performance.now();
    let summary = await outbox.drain();
    while (summary.remaining > 0) summary = await outbox.drain();
    const elapsed = (performance.now() - started) / 1000;
    records.flush();
    const perReference = new Map<string, number>();
    for (const s of sim.sessions()) {
      const ref = s.client_reference_id ?? '';
      perReference.set(ref, (perReference.get(ref) ?? 0) + 1);
    }
    const duplicates = [...perReference.values()].filter((n) => n > 1).length;
    const stats = sim.stats();
    const ideal = COUNT / RATE;
    return [
      `outbox drain: ${COUNT} creations at ${RATE}/s in ${elapsed.toFixed(2)} s (ideal ${ideal.toFixed(0)} s, ` +
        `${(elapsed / ideal).toFixed(3)}× ideal, target ≤ 1.15×) sessions=${perReference.size} duplicates=${duplicates} ` +
        `requests=${stats.requests} left=${outbox.count}`,
    ];
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
