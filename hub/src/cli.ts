/**
 * `npm run hub` — one hub instance. Configuration from the environment:
 *   PORT (default 8787), HOST (default 127.0.0.1), DATABASE_URL (PostgreSQL; else PGlite),
 *   HUB_DATA_DIR (PGlite's folder; default ./hub-data), STRIPE_SECRET_KEY (else the embedded
 *   simulator, and the hub says so), STRIPE_WEBHOOK_SECRET, STRIPE_API_URL (another Stripe-
 *   compatible endpoint, e.g. a simulator), HUB_ADMIN_PASSWORD (first start only),
 *   HUB_STRIPE_RATE (this instance's share of the account's rate, req/s).
 * `npm run hub -- set-admin-password` reads a new admin password from stdin.
 */
import { createInterface } from 'node:readline';
import { setAdminPassword } from './admin-auth.ts';
import { openDb } from './db.ts';
import { migrate } from './migrations.ts';
import { startHub } from './server.ts';
import type { DevStripe } from './dev-simulator.ts';
import type { StripeTarget } from './stripe-client.ts';

const env = process.env;
const say = (line: string) => process.stdout.write(`hub: ${line}\n`);

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
  const db = await openDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : (env.HUB_DATA_DIR ?? 'hub-data'),
  });
  if (process.argv[2] === 'set-admin-password') {
    await migrate(db);
    await setAdminPassword(db, await readPassword());
    await db.close();
    say('admin password set; every admin session was signed out');
    return;
  }
  if (process.argv[2] !== undefined) {
    process.stderr.write(`hub: unknown command ${process.argv[2]}; known: set-admin-password\n`);
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
    say(`no STRIPE_SECRET_KEY: using the embedded Stripe simulator at ${dev.url} (test data only)`);
  }
  if (!webhookSecret && !dev) {
    process.stderr.write(
      'hub: STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (the endpoint’s signing secret)\n',
    );
    process.exit(2);
  }
  const hub = await startHub(
    {
      db,
      stripeSecretKey: secretKey,
      stripeTarget: target,
      webhookSecret: webhookSecret ?? 'whsec_pending',
      adminPassword: env.HUB_ADMIN_PASSWORD,
      stripeRatePerSecond: env.HUB_STRIPE_RATE ? Number(env.HUB_STRIPE_RATE) : undefined,
      secureCookies: env.HUB_INSECURE_COOKIES !== '1',
    },
    { port, host },
  );
  if (dev) {
    // The simulator's endpoint secret is known only once the hub's URL is: set it now.
    const secret = await dev.connect(`${hub.url}/stripe/webhook`);
    hub.setWebhookSecret(secret);
  }
  say(`listening on ${hub.url} (${db.kind === 'pglite' ? 'PGlite, one instance' : 'PostgreSQL'})`);
  say(`fleet page: ${hub.url}/fleet`);
  const stop = async () => {
    await hub.close();
    await dev?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
