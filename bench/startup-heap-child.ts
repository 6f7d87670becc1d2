/**
 * Run by startup-bench.ts in a process of its own, so the heap it reports is the history's and
 * the app code's, not the bench's (which has just written 100,000 records): the core with its
 * history opened, as the app's main process holds it. Prints one JSON line.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { StoreFactory } from '../main/core/index.ts';
import { openRecords } from '../main/core/records/index.ts';
import { confStoreFactory } from '../test/support/conf-store.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dir = process.env.BENCH_HISTORY_DIR;
const prefix = process.env.BENCH_HISTORY_PREFIX ?? '';
if (!dir) throw new Error('BENCH_HISTORY_DIR is not set');
const storeFactory = confStoreFactory(dir);
const factory: StoreFactory = (name, o) => storeFactory(prefix + name, o);

gc();
const before = process.memoryUsage().heapUsed;
const records = openRecords({ storeFactory: factory });
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ records: records.size, beforeMb: before / 1e6, afterMb: after / 1e6 })}\n`,
);
