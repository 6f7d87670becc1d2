/**
 * `npm run bench`: every performance figure of DESIGN.md's targets, each beside its baseline
 * where one exists, measured in this run on this machine. Pick sections with arguments
 * (`npm run bench -- watcher`); BENCH_SECONDS shortens or lengthens the watcher runs.
 */
import { benchWatcher } from './watcher-bench.ts';

type Section = { name: string; run: () => Promise<string[]> };

const sections: Section[] = [
  { name: 'watcher', run: () => benchWatcher(Number(process.env.BENCH_SECONDS ?? 20) * 1000) },
];

const wanted = process.argv.slice(2);
for (const section of sections) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  console.log(`\n== ${section.name}`);
  for (const line of await section.run()) console.log(line);
}
