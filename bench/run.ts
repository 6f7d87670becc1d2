/**
 * `npm run bench`: every performance figure of the design's targets, each beside its target and,
 * where one exists, a naive baseline measured in the same run on this machine. Pick sections
 * with arguments (`npm run bench -- watcher records`); BENCH_SECONDS sets the length of each
 * watcher run (default 20 s).
 */
import { benchHub } from './hub.ts';
import { benchOutboxDrain } from './outbox-bench.ts';
import { benchRecords } from './records-bench.ts';
import { benchRenderer } from './renderer-bench.ts';
import { benchReturn } from './return-bench.ts';
import { benchStartup } from './startup-bench.ts';
import { benchWatcher } from './watcher-bench.ts';

type Section = { name: string; run: () => Promise<string[]> };

const sections: Section[] = [
  { name: 'watcher', run: () => benchWatcher(Number(process.env.BENCH_SECONDS ?? 20) * 1000) },
  { name: 'records', run: () => benchRecords() },
  { name: 'startup', run: () => benchStartup() },
  { name: 'return', run: () => benchReturn() },
  { name: 'outbox', run: () => benchOutboxDrain() },
  { name: 'renderer', run: () => benchRenderer() },
  { name: 'hub', run: () => benchHub(Number(process.env.BENCH_SECONDS ?? 20)) },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
if (unknown.length > 0) {
  console.error(
    `bench: unknown section ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
console.log(`Countersign benchmark — node ${process.version}, ${new Date().toISOString()}`);
for (const section of sections) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  console.log(`\n== ${section.name}`);
  for (const line of await section.run()) console.log(line);
}
