/** `npm run harness` options: parsed without side effects, so a bad option is a message, not a stack. */
import { parseArgs } from 'node:util';

export const HARNESS_USAGE = `Usage: npm run harness -- [options]

Serves the app in a browser, bound to the core and its built-in simulator (a test and demo tool).

Options:
  --port <n>        port on 127.0.0.1 (default: a free one)
  --delay <ms>      the simulator's time from submission to result (default 1500)
  --station <name>  this station's name in the history (default counter-1)
  --kiosk           run as an unattended kiosk: the customer starts on their own
  --memory-keychain keep a key or a hub connection in memory (forgotten on exit), so Settings
                    can store a Stripe key or connect to a Countersign Hub (npm run hub)
  --quiet           do not print the core's log lines
  -h, --help        show this help`;

export interface HarnessCliOptions {
  port: number;
  delayMs: number;
  station: string;
  kiosk: boolean;
  quiet: boolean;
  memoryKeychain: boolean;
}

export type HarnessCli = { help: true } | { error: string } | { options: HarnessCliOptions };

export function parseHarnessArgs(argv: readonly string[]): HarnessCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '0' },
        delay: { type: 'string', default: '1500' },
        station: { type: 'string', default: 'counter-1' },
        kiosk: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'memory-keychain': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return { error: `--port: not a port: ${values.port}` };
  const delayMs = Number(values.delay);
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) {
    return { error: `--delay: not a number of milliseconds: ${values.delay}` };
  }
  if (values.station.trim() === '' || values.station.length > 64) {
    return { error: '--station: give a name of 1 to 64 characters' };
  }
  return {
    options: {
      port,
      delayMs,
      station: values.station,
      kiosk: values.kiosk,
      quiet: values.quiet,
      memoryKeychain: values['memory-keychain'],
    },
  };
}
