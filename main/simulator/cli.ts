/**
 * `npm run simulator [-- --port 12111 --processing-delay-ms 2000]`: runs the simulator alone, for
 * trying the app or the SDK by hand. Prints where it listens and the test key to use.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index.ts';

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`simulator: --${name} must be a whole number of 0 or more`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'processing-delay-ms': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const sim = await startSimulator({
  host: values.host ?? '127.0.0.1',
  port: numberOption(values.port, 'port', 12111),
  processingDelayMs: numberOption(values['processing-delay-ms'], 'processing-delay-ms', 2000),
  log: values.quiet ? undefined : (line) => console.log(line),
});

console.log(`Stripe Identity simulator listening on ${sim.url}
Test secret key: ${sim.secretKey}

Point the Stripe SDK at it:
  new Stripe('${sim.secretKey}', { host: '${sim.host}', port: ${sim.port}, protocol: 'http' })

Press Ctrl+C to stop.`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\nsimulator: ${signal} received, stopping`);
  await sim.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
