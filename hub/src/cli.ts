/**
 * `npm run hub` — one hub instance. Configuration from the environment:
 *   PORT (default 8787), HOST (default 127.0.0.1), DATABASE_URL (PostgreSQL; else PGlite),
 *   HUB_DATA_DIR (PGlite's folder; default ./hub-data), STRIPE_SECRET_KEY (else the embedded
 *   simulator, and the hub says so), STRIPE_WEBHOOK_SECRET, STRIPE_API_URL (another Stripe-
 *   compatible endpoint, e.g. a simulator), HUB_ADMIN_PASSWORD (first start only),
 *   HUB_STRIPE_RATE (this instance's share of the account's rate, req/s), HUB_LOG_LEVEL,
 *   HUB_METRICS_TOKEN, HUB_TRUST_PROXY, HUB_REPLAY_WINDOW_DAYS, HUB_SESSION_RETENTION_DAYS,
 *   HUB_SHUTDOWN_GRACE_SECONDS (docs/fleet.md has the table).
 * `npm run hub -- set-admin-password` reads a new admin password from stdin.
 * `npm run hub -- release <channel> <folder> [--stage N] [--draft]` uploads and publishes an
 * update (updates/release-command.ts); HUB_UPDATES_DIR is the updates folder (default ./hub-updates).
 *
 * Logs are JSON lines on stdout. With no admin password anywhere (no HUB_ADMIN_PASSWORD, none in
 * the database), the first start makes one and prints it once on stderr, outside the logs.
 * SIGTERM (and SIGINT) close gracefully (server.ts `close`) and exit 0.
 */
import { createInterface } from 'node:readline';
import { collectDefaultMetrics } from 'prom-client';
import { PASSWORD_MIN, setAdminPassword, setFirstAdminPassword } from './admin-auth.ts';
import { openDb } from './db.ts';
import { errorFields, stdoutLogger } from './log.ts';
import { randomToken } from './secrets.ts';
import { migrate } from './migrations.ts';
import { startHub } from './server.ts';
import type { DevStripe } from './dev-simulator.ts';
import type { StripeTarget } from './stripe-client.ts';

const env = process.env;
const logger = stdoutLogger(env.HUB_LOG_LEVEL);
const log = logger.child('cli');
const DAY_MS = 24 * 3600_000;

/** A positive number from the environment, or undefined; a wrong value stops the start. */
function positive(name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`hub: ${name} must be a positive number (it is ${JSON.stringify(raw)})\n`);
    process.exit(2);
  }
  return n;
}

function targetFrom(url: string): StripeTarget {
  const u = new URL(url);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: Number(u.port || (protocol === 'http' ? 80 : 443)), protocol };
}

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('New admin password (at least 12 characters): ');
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

async function main(): Promise<void> {
  const open = () =>
    openDb({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATABASE_URL ? undefined : (env.HUB_DATA_DIR ?? 'hub-data'),
      logger,
    });
  if (process.argv[2] === 'release') {
    const { runRelease } = await import('./updates/release-cli.ts');
    process.exit(await runRelease(open, process.argv.slice(3), env.HUB_UPDATES_DIR || 'hub-updates'));
  }
  const db = await open();
  if (process.argv[2] === 'set-admin-password') {
    await migrate(db);
    await setAdminPassword(db, await readPassword());
    await db.close();
    process.stdout.write('hub: admin password set; every admin session was signed out\n');
    return;
  }
  if (process.argv[2] !== undefined) {
    process.stderr.write(`hub: unknown command ${process.argv[2]}; known: set-admin-password, release\n`);
    process.exit(2);
  }
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  let secretKey = env.STRIPE_SECRET_KEY;
  let target = env.STRIPE_API_URL ? targetFrom(env.STRIPE_API_URL) : undefined;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  let dev: DevStripe | null = null;
  if (!secretKey) {
    const { startDevStripe } = await import('./dev-simulator.ts');
    dev = await startDevStripe();
    secretKey = dev.secretKey;
    target = dev.target;
    log.warn('no STRIPE_SECRET_KEY: using the embedded Stripe simulator (test data only)', {
      simulator: dev.url,
    });
  }
  if (!webhookSecret && !dev) {
    process.stderr.write(
      'hub: STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (the endpoint’s signing secret)\n',
    );
    process.exit(2);
  }
  const adminPassword = env.HUB_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < PASSWORD_MIN) {
    process.stderr.write(`hub: HUB_ADMIN_PASSWORD needs at least ${PASSWORD_MIN} characters\n`);
    process.exit(2);
  }
  const replayDays = positive('HUB_REPLAY_WINDOW_DAYS');
  const retentionDays = positive('HUB_SESSION_RETENTION_DAYS');
  const graceSeconds = positive('HUB_SHUTDOWN_GRACE_SECONDS');
  const hub = await startHub(
    {
      db,
      logger,
      stripeSecretKey: secretKey,
      stripeTarget: target,
      webhookSecret: webhookSecret ?? 'whsec_pending',
      adminPassword,
      stripeRatePerSecond: positive('HUB_STRIPE_RATE'),
      secureCookies: env.HUB_INSECURE_COOKIES !== '1',
      metricsToken: env.HUB_METRICS_TOKEN || undefined,
      trustProxy: (env.HUB_TRUST_PROXY ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
      replayWindowMs: replayDays === undefined ? undefined : replayDays * DAY_MS,
      sessionRetentionMs: retentionDays === undefined ? undefined : retentionDays * DAY_MS,
      shutdownGraceMs: graceSeconds === undefined ? undefined : graceSeconds * 1000,
      updatesDir: env.HUB_UPDATES_DIR || undefined,
    },
    { port, host },
  );
  // The process's own figures beside the hub's (memory, CPU, event loop lag, handles): one
  // instance per process here, so Node's default metrics belong to it.
  collectDefaultMetrics({ register: hub.metrics.registry });
  // First run: no password anywhere. One is made and shown once, here only (not in the logs);
  // of several instances starting together, only the one whose password was stored shows it.
  const generated = randomToken(18);
  if (await setFirstAdminPassword(db, generated)) {
    process.stderr.write(
      [
        '',
        'hub: no admin password was set. This one was made for the fleet page, and is shown only now:',
        '',
        `    ${generated}`,
        '',
        'hub: sign in at /fleet with it, and change it with `npm run hub -- set-admin-password`.',
        '',
        '',
      ].join('\n'),
    );
  }
  if (dev) {
    // The simulator's endpoint secret is known only once the hub's URL is: set it now.
    const secret = await dev.connect(`${hub.url}/stripe/webhook`);
    hub.setWebhookSecret(secret);
  }
  log.info('listening', {
    url: hub.url,
    fleetPage: `${hub.url}/fleet`,
    database: db.kind === 'pglite' ? 'PGlite, one instance' : 'PostgreSQL',
  });
  const stop = async (signal: string) => {
    log.info('stopping', { signal });
    try {
      await hub.close();
      await dev?.close();
    } catch (error) {
      log.error('the shutdown failed', errorFields(error));
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

await main();
