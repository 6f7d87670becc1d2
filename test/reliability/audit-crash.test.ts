/**
 * The audit trail's upload across kill -9 (issue 19: "audit entries sync to the hub exactly once
 * across kills and offline periods"): a worker appends entries and uploads them to a real hub
 * (PGlite) in batches of 3 the whole time, and is killed at random moments — between a POST and
 * saving the hub's answer among them; some runs start with the hub cut off. At the end the hub
 * holds every entry the worker acknowledged exactly once, seq for seq and hash for hash as the
 * station's trail has it, and nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openAuditLog } from '../../main/core/audit/index.ts';
import { confStoreFactory, tempStoreDir } from '../support/conf-store.ts';
import { runCrashWorker } from '../support/crash-run.ts';
import { enroll, type Enrolled } from '../support/hub.ts';
import { startStationHub, type TestHub } from '../support/test-hub.ts';

const ITERATIONS = 12;
const store = tempStoreDir('countersign-audit-crash-');
let th: TestHub;
let station: Enrolled;

before(async () => {
  th = await startStationHub();
  station = await enroll(th.hub, 'Store 1', 'Crash counter');
});
after(async () => {
  await th.close();
  store.cleanup();
});

async function runWorker(options: {
  append: number;
  final: boolean;
  killAfterMs?: number;
}): Promise<number[]> {
  const seqs = await runCrashWorker({
    script: 'test/support/audit-crash-worker.ts',
    env: {
      CS_DIR: store.dir,
      CS_HUB_URL: th.url,
      CS_TOKEN: station.token,
      CS_APPEND: String(options.append),
    },
    ack: 'appended',
    final: options.final,
    ...(options.killAfterMs !== undefined ? { killAfterMs: options.killAfterMs } : {}),
  });
  return seqs.map(Number);
}

it(
  'the hub holds each acknowledged entry exactly once across kill -9 and offline periods',
  { timeout: 300_000 },
  async () => {
    const acknowledged = new Set<number>();
    let offlineRuns = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      // Every third run starts with the hub cut off, and it comes back while the worker runs.
      const offline = i % 3 === 1;
      if (offline) {
        offlineRuns += 1;
        th.cut();
        setTimeout(() => th.restore(), 60);
      }
      const seqs = await runWorker({ append: 8, final: false, killAfterMs: Math.floor(Math.random() * 200) });
      th.restore();
      seqs.forEach((s) => acknowledged.add(s));
    }
    (await runWorker({ append: 0, final: true })).forEach((s) => acknowledged.add(s));

    const trail = openAuditLog({
      store: confStoreFactory(store.dir)('audit'),
      headStore: confStoreFactory(store.dir)('audit-head'),
      clock: { now: () => Date.now() },
      station: 'crash-test',
    });
    assert.equal(trail.broken(), null, 'the trail itself survived the kills');
    const local = trail.all().map((e) => ({ seq: e.seq, hash: e.hash }));
    const rows = (
      await th.db.query<{ seq: unknown; hash: string }>(
        'SELECT seq, hash FROM audit_entries WHERE station_id = $1 ORDER BY seq',
        [station.id],
      )
    ).map((r) => ({ seq: Number(r.seq), hash: r.hash }));
    const posts = th.requests().filter((r) => r === 'POST /hub/v1/audit').length;
    const lost = [...acknowledged].filter((s) => !rows.some((r) => r.seq === s)).length;
    console.log(
      `audit-crash: iterations=${ITERATIONS} offline_runs=${offlineRuns} acknowledged=${acknowledged.size} ` +
        `trail=${local.length} held=${rows.length} posts=${posts} lost=${lost}`,
    );
    assert.ok(acknowledged.size >= ITERATIONS, 'the workers appended before being killed');
    assert.equal(lost, 0);
    assert.deepEqual(rows, local, 'the hub holds the trail once, as the station has it');
  },
);
