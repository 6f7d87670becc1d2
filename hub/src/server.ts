/**
 * One hub instance: the HTTP server (Fastify) composed from the parts. Several instances on one
 * PostgreSQL make one fleet: they share every table, learn of changes and revocations through
 * LISTEN/NOTIFY, and elect one overdue poller with an advisory lock.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { HUB_PATHS } from '../../contract/hub-api.ts';
import type { Db } from './db.ts';
import { HubError, sendError } from './errors.ts';
import { registerFleet } from './fleet.ts';
import { parseForm } from './form.ts';
import { HelpCalls } from './help-calls.ts';
import { KeyedBuckets } from './limiter.ts';
import { migrate } from './migrations.ts';
import { OverduePoller } from './poller.ts';
import { SessionLog } from './session-log.ts';
import { registerSessionRoutes } from './sessions-routes.ts';
import { registerStationRoutes } from './station-routes.ts';
import { Stations, type Station } from './stations.ts';
import { Streams } from './stream.ts';
import { StripeClient, type StripeTarget } from './stripe-client.ts';
import { registerWebhookRoute, type WebhookStats } from './webhooks.ts';

export interface HubOptions {
  db: Db;
  stripeSecretKey: string;
  /** Where Stripe is (tests: the simulator); omit for api.stripe.com. */
  stripeTarget?: StripeTarget;
  webhookSecret: string;
  now?: () => number;
  /** This instance's share of the account's Stripe rate (req/s); default 80. */
  stripeRatePerSecond?: number;
  /** Each station's own rate on this instance (req/s) and burst; default 10 and 30. */
  stationRatePerSecond?: number;
  stationBurst?: number;
  authCacheMs?: number;
  keepAliveMs?: number;
  /** The overdue poller: a session with no update for this long is retrieved; default 60 s. */
  overdueMs?: number;
  pollEveryMs?: number;
  /** Sets the admin password if none is set yet (HUB_ADMIN_PASSWORD). */
  adminPassword?: string;
  /** Cookies marked Secure (default true; the hub sits behind TLS). */
  secureCookies?: boolean;
  /** The built fleet page (hub/fleet/ built by vite); default hub/dist/fleet. */
  fleetDir?: string;
}

export interface RunningHub {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  readonly stations: Stations;
  readonly streams: Streams;
  readonly poller: OverduePoller;
  readonly stripe: StripeClient;
  readonly webhooks: WebhookStats;
  /** Replaces the webhook signing secret (the embedded simulator's is known only after start). */
  setWebhookSecret(secret: string): void;
  /** Graceful: ends streams, stops timers, closes the server and the database. */
  close(): Promise<void>;
  /** Like a crash: every socket cut at once (the tests' "kill instance B"). */
  kill(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    station: Station | null;
  }
}

const AUTHED = (path: string) =>
  path.startsWith('/v1/') ||
  path === HUB_PATHS.stream ||
  path === HUB_PATHS.heartbeat ||
  path === HUB_PATHS.helpCalls;

export async function startHub(
  options: HubOptions,
  listen: { port?: number; host?: string } = {},
): Promise<RunningHub> {
  const now = options.now ?? Date.now;
  let webhookSecret = options.webhookSecret;
  const { db } = options;
  await migrate(db);
  const stations = new Stations(db, { now, authCacheMs: options.authCacheMs });
  const log = new SessionLog(db, now);
  const helpCalls = new HelpCalls(db, now);
  const streams = new Streams(db, { keepAliveMs: options.keepAliveMs });
  const stripe = new StripeClient({
    secretKey: options.stripeSecretKey,
    target: options.stripeTarget,
    ratePerSecond: options.stripeRatePerSecond,
    now,
  });
  const limits = new KeyedBuckets(options.stationRatePerSecond ?? 10, options.stationBurst ?? 30, now);
  await stations.start();
  await streams.start();
  stations.onRevoked((id) => streams.close(id));
  const revocationSweep = setInterval(() => {
    stations
      .revokedAmong(streams.stationIds())
      .then((ids) => ids.forEach((id) => streams.close(id)))
      .catch(() => {});
  }, 1000);
  revocationSweep.unref();

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024, trustProxy: true });
  await app.register(cookie);
  app.decorateRequest('station', null);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof HubError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(reply, new HubError(status, 'parameter_invalid', 'The request is not valid.'));
    }
    return sendError(
      reply,
      new HubError(500, 'hub_error', 'The hub could not handle the request. Try again.', 'api_error'),
    );
  });
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (!AUTHED(path)) return;
    try {
      req.station = await stations.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
    if (!limits.take(req.station.id)) {
      return sendError(
        reply,
        new HubError(
          429,
          'rate_limit',
          'This station is sending too many requests to the hub. It will retry.',
        ),
      );
    }
  });
  const station = (req: FastifyRequest): Station => {
    if (!req.station) throw new HubError(401, 'invalid_station_token', 'Not authenticated.');
    return req.station;
  };

  registerSessionRoutes(app, { db, stripe, log, station });
  registerStationRoutes(app, { stations, streams, helpCalls, station });
  const webhooks = registerWebhookRoute(app, {
    db,
    log,
    stripe: stripe.stripe,
    secret: () => webhookSecret,
    now,
  });
  await registerFleet(app, {
    db,
    stations,
    helpCalls,
    streams,
    now,
    secureCookies: options.secureCookies ?? true,
    initialPassword: options.adminPassword,
    fleetDir: options.fleetDir,
  });
  const poller = new OverduePoller(db, stripe, log, {
    now,
    overdueMs: options.overdueMs,
    everyMs: options.pollEveryMs,
  });

  await app.listen({ port: listen.port ?? 0, host: listen.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const host = listen.host ?? '127.0.0.1';
  const shutdown = async (abrupt: boolean) => {
    poller.stop();
    clearInterval(revocationSweep);
    streams.stop(abrupt);
    if (abrupt) app.server.closeAllConnections();
    await app.close();
    await db.close();
  };
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stations,
    streams,
    poller,
    stripe,
    webhooks,
    setWebhookSecret: (secret) => {
      webhookSecret = secret;
    },
    close: () => shutdown(false),
    kill: () => shutdown(true),
  };
}
