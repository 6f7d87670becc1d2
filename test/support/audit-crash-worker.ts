/**
 * The process the audit crash test kills. It opens the real audit trail (conf stores in
 * CS_DIR) and the real uploader to the test's hub (CS_HUB_URL, CS_TOKEN), appends CS_APPEND
 * entries and uploads in small batches the whole time. It prints `appended <seq>` once `append`
 * has returned, `ready` once it works, and — in the final run — `done <held>` when the hub holds
 * the whole trail.
 */
import { openAuditLog } from '../../main/core/audit/index.ts';
import {
  createHubAuditUpload,
  createRevocation,
  type HubConnection,
} from '../../main/core/hub-client/index.ts';
import { systemClock } from '../../base/clock.ts';
import { silentLogger } from '../../base/logger.ts';
import { confStoreFactory } from './conf-store.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`audit-crash-worker: ${name} is not set`);
  return value;
};

const storeFactory = confStoreFactory(env('CS_DIR'));
const log = openAuditLog({
  store: storeFactory('audit'),
  headStore: storeFactory('audit-head'),
  clock: systemClock,
  station: 'crash-test',
});
const connection = { url: env('CS_HUB_URL'), token: env('CS_TOKEN') } as HubConnection;
const upload = createHubAuditUpload({
  connection,
  store: storeFactory('watcher'),
  entriesAfter: (seq) => log.all().filter((e) => e.seq > seq),
  clock: systemClock,
  logger: silentLogger,
  revocation: createRevocation(() => undefined),
  batchSize: 3,
  backoff: { baseMs: 10, maxMs: 50 },
});
process.stdout.write('ready\n');
// Uploads the whole time, as the hub link's heartbeat and connects would.
const pump = setInterval(() => void upload.flush(), 5);

const toAppend = Number(env('CS_APPEND'));
for (let i = 0; i < toAppend; i++) {
  const entry = log.append({
    actor: null,
    action: 'settings.update',
    outcome: 'ok',
    sessionId: null,
    reference: null,
    reason: null,
    note: null,
    detail: `change ${process.pid}-${i}`,
  });
  process.stdout.write(`appended ${entry.seq}\n`);
  await new Promise((r) => setTimeout(r, 2 + Math.random() * 10));
}

if (process.env.CS_FINAL === '1') {
  const last = log.all().at(-1)?.seq ?? 0;
  while (upload.held() < last) {
    await upload.flush();
    await new Promise((r) => setTimeout(r, 10));
  }
  clearInterval(pump);
  upload.stop();
  process.stdout.write(`done ${upload.held()}\n`);
  process.exit(0);
}
