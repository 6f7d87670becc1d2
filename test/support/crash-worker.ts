/**
 * The process the crash test kills. It runs the real core (records + outbox + gateway) against
 * the simulator in the test process, enqueues some creations and drains in the background.
 * It prints `queued <id>` only once `enqueue` has returned (the point after which the creation
 * must never be lost), `ready` once it works, and `done` in the final run when the queue is empty.
 */
import { createGateway } from '../../main/core/stripe/index.ts';
import { connectivityFor } from './core-parts.ts';
import { openOutbox } from '../../main/core/outbox/index.ts';
import { openRecords } from '../../main/core/records/index.ts';
import { confStoreFactory } from './conf-store.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`crash-worker: ${name} is not set`);
  return value;
};

const storeFactory = confStoreFactory(env('CS_DIR'));
const records = openRecords({ storeFactory });
const gateway = createGateway({
  apiKey: env('CS_SIM_KEY'),
  target: { host: env('CS_SIM_HOST'), port: Number(env('CS_SIM_PORT')), protocol: 'http' },
  maxNetworkRetries: 0,
  timeoutMs: 3000,
});
const outbox = openOutbox({
  storeFactory,
  records,
  sealKey: Buffer.from(env('CS_SEAL_KEY'), 'hex'),
  gateway,
  connectivity: connectivityFor(gateway),
  backoff: { baseMs: 20, maxMs: 300 },
});
outbox.start();
process.stdout.write('ready\n');

const toEnqueue = Number(env('CS_ENQUEUE'));
for (let i = 0; i < toEnqueue; i++) {
  const queued = outbox.enqueue({
    input: { type: 'document', reference: `CRASH-${process.pid}-${i}`, email: 'crash@example.com' },
    station: 'crash-test',
  });
  process.stdout.write(`queued ${queued.clientReferenceId}\n`);
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 30));
}

if (process.env.CS_FINAL === '1') {
  while (outbox.count > 0) await new Promise((r) => setTimeout(r, 20));
  await outbox.stop();
  records.flush();
  process.stdout.write('done\n');
  process.exit(0);
}
// Otherwise keep draining until the test kills this process.
setInterval(() => {}, 1000);
