/**
 * `npm run harness`: the renderer and the app core (on its embedded simulator) in a browser,
 * for demos and manual testing. Prints the two URLs to open; Ctrl-C stops it.
 *
 *   npm run harness -- --port 5180 --delay 1500 --station kiosk-1 --kiosk
 */
import { parseArgs } from 'node:util';
import { ensureRendererBuilt } from './build-renderer.ts';
import { startHarness } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    delay: { type: 'string', default: '1500' },
    station: { type: 'string', default: 'counter-1' },
    kiosk: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const rendererDir = await ensureRendererBuilt();
const harness = await startHarness({
  rendererDir,
  port: Number(values.port),
  processingDelayMs: Number(values.delay),
  station: values.station,
  kiosk: values.kiosk,
  onLog: values.quiet ? undefined : (line) => console.log(`core: ${line}`),
});

console.log(`Countersign harness (renderer from ${rendererDir.replace(process.cwd() + '/', '')})`);
console.log(`  staff console:   ${harness.staffUrl}`);
console.log(`  customer screen: ${harness.customerUrl}`);
console.log(`  simulator:       ${harness.simulator()?.url ?? '(none)'}`);
console.log('Stores are in a temporary folder, removed on exit. Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await harness.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
