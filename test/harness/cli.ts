/**
 * `npm run harness`: the renderer and the app core (on its embedded simulator) in a browser,
 * for demos and manual testing. Prints the two URLs to open; Ctrl-C stops it.
 *
 *   npm run harness -- --port 5180 --delay 1500 --station kiosk-1 --kiosk
 */
import { ensureRendererBuilt } from './build-renderer.ts';
import { HARNESS_USAGE, parseHarnessArgs } from './cli-args.ts';
import { memoryKeychain } from './keychain.ts';
import { startHarness } from './server.ts';

const parsed = parseHarnessArgs(process.argv.slice(2));
if ('help' in parsed) {
  console.log(HARNESS_USAGE);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`harness: ${parsed.error}\n\n${HARNESS_USAGE}`);
  process.exit(2);
}
const values = parsed.options;

const rendererDir = await ensureRendererBuilt();
const harness = await startHarness({
  rendererDir,
  port: values.port,
  processingDelayMs: values.delayMs,
  station: values.station,
  kiosk: values.kiosk,
  keychain: values.memoryKeychain ? memoryKeychain() : null,
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
