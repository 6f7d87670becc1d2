/**
 * One hub instance: the HTTP server (Fastify) composed from the parts. Several instances on one
 * PostgreSQL make one fleet: they share every table, learn of changes and revocations through
 * LISTEN/NOTIFY (caught up from the tables when LISTEN comes back after a loss), and elect one
 * overdue poller and one retention job with advisory locks.
 *
 * Around the routes: station authentication and rate limits (onRequest), the text check of every
 * body, query and path (preHandler), a log line and a metric for each request or refusal
 * (onResponse); `/healthz`, `/readyz` and `/metrics`; a graceful close for SIGTERM.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { HUB_PATHS } from '../../contract/hub-api.ts';
import { silentLogger } from '../../base/logger.ts';
import { HubError, sendError } from './errors.ts';
import { AlertJob } from './alerts.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { ONLINE_WINDOW_MS, registerFleet } from './fleet.ts';
import { FleetStreams } from './fleet-stream.ts';
import { parseForm } from './form.ts';
import { AuditEntries } from './audit-entries.ts';
import { HelpCalls } from './help-calls.ts';
import { KeyedBuckets } from './limiter.ts';
import { errorFields, fastifyLogger } from './log.ts';
import { HubMetrics } from './metrics.ts';
import { SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
import { policyOpeningHours } from './opening-hours.ts';
import { OverduePoller } from './poller.ts';
import { Policies } from './policy.ts';
import { followPolicyChanges, policyFrame, registerPolicyRoutes } from './policy-routes.ts';
import { StaffMembers } from './staff.ts';
import { followStaffChanges, registerStaffRoutes, rosterFrame } from './staff-routes.ts';
import { RetentionJob } from './retention.ts';
import { RedactionJob } from './redaction-job.ts';
import { registerRedactionRoutes } from './redaction-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { sha256 } from './secrets.ts';
import { SessionLog } from './session-log.ts';
import { registerSessionRoutes } from './sessions-routes.ts';
import { registerStationRoutes } from './station-routes.ts';
import { Stations, type Station } from './stations.ts';
import { Streams } from './stream.ts';
import { StripeClient } from './stripe-client.ts';
import { checkStrings } from './text-checks.ts';
import { registerUpdateRoutes } from './updates/routes.ts';
import { registerWebhookRoute } from './webhooks.ts';

import type { HubOptions, Readiness, RunningHub } from './hub-options.ts';

export type { HubOptions, Readiness, RunningHub };

declare module 'fastify' {
  interface FastifyRequest {
    station: Station | null;
  }
}

const AUTHED = (path: string) =>
  path.startsWith('/v1/') ||
  path === HUB_PATHS.stream ||
  path === HUB_PATHS.heartbeat ||
  path === HUB_PATHS.helpCalls ||
  path === HUB_PATHS.audit ||
  path.startsWith(`${HUB_PATHS.updates}/`);

export async function startHub(
  options: HubOptions,
  listen: { port?: number; host?: string } = {},
): Promise<RunningHub> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const log = logger.child('server');
  let webhookSecret = options.webhookSecret;
  const { db } = options;
  await migrate(db);
  // Read at each scrape, once everything below exists.
  const metrics: HubMetrics = new HubMetrics(db, (): number => streams.connected);
  const stations = new Stations(db, { now, authCacheMs: options.authCacheMs });
  const sessionLog = new SessionLog(db, now);
  const helpCalls = new HelpCalls(db, now);
  const audit = new AuditEntries(db, now);
  const policies = new Policies(db, now);
  const staff = new StaffMembers(db, now);
  const streams: Streams = new Streams(db, {
    greeting: (s) => Promise.all([policyFrame(policies, s), rosterFrame(staff, s)]),
    keepAliveMs: options.keepAliveMs,
    tailEveryMs: options.tailEveryMs,
    maxPerStation: options.maxStreamsPerStation,
    now,
    logger,
    metrics,
  });
  const stripe = new StripeClient({
    secretKey: options.stripeSecretKey,
    target: options.stripeTarget,
    ratePerSecond: options.stripeRatePerSecond,
    now,
    metrics,
  });
  const limits = new KeyedBuckets(options.stationRatePerSecond ?? 10, options.stationBurst ?? 30, now);
  const perMinute = (n: number, burst: number) => new KeyedBuckets(n / 60, burst, now);
  const unknownLookups = perMinute(options.unknownLookupsPerMinute ?? 6, 10);
  const enrollments = perMinute(options.enrollmentsPerMinute ?? 10, 10);
  await stations.start();
  await streams.start();
  const offPolicy = await followPolicyChanges({ db, policies, streams, logger });
  const offStaff = await followStaffChanges({ db, staff, streams, logger });
  const fleetStreams = new FleetStreams(db, { now, onlineWindowMs: ONLINE_WINDOW_MS, logger });
  await fleetStreams.start();
  stations.onRevoked((id) => streams.close(id));
  stations.onRightsChanged((id) => streams.close(id));
  const sweep = () =>
    stations
      .revokedAmong(streams.stationIds())
      .then((ids) => ids.forEach((id) => streams.close(id)))
      .catch((error: unknown) => log.warn('the revocation sweep failed; it runs again', errorFields(error)));
  const revocationSweep = setInterval(() => void sweep(), options.revocationSweepMs ?? 1000);
  revocationSweep.unref();
  // Back from a lost LISTEN connection: revocations announced meanwhile were missed.
  const offListen = db.onListenState((attached) => {
    if (attached) void sweep();
  });

  let draining = false;
  const app = Fastify({
    loggerInstance: fastifyLogger(logger),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // electron-updater's differential download asks for up to 1,000 ranges in one Range header.
    http: { maxHeaderSize: 32 * 1024 },
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
  });
  await app.register(cookie);
  app.decorateRequest('station', null);
  app.decorateReply('refusal', null);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error, req, reply) => {
    if (error instanceof HubError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(reply, new HubError(status, 'parameter_invalid', 'The request is not valid.'));
    }
    log.error('a request failed', { method: req.method, route: routeOf(req), ...errorFields(error) });
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
  // Every text a request brings (body, query, path) is checked before any route runs: what
  // PostgreSQL cannot store is refused here, before the database or Stripe sees it.
  app.addHook('preHandler', async (req, reply) => {
    try {
      if (req.body !== undefined && !Buffer.isBuffer(req.body)) checkStrings(req.body, '');
      checkStrings(req.query, '');
      checkStrings(req.params, '', 1000);
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
  });
  // Closing: a request that finishes now ends its connection too (a kept-alive one would hold
  // the closing server until its keep-alive timeout).
  app.addHook('onSend', async (_req, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    const status = reply.statusCode;
    const fields = { method: req.method, route: routeOf(req), status, ms: Math.round(reply.elapsedTime) };
    if (status >= 400 && status < 500) {
      const code = reply.refusal ?? (status === 404 ? 'not_found' : 'refused');
      metrics.refusals.inc({ code });
      const line = { ...fields, code, station: req.station?.id, address: req.ip };
      if (status === 401 || status === 403 || status === 429) log.warn('request refused', line);
      else log.info('request refused', line);
    } else log.debug('request', fields);
  });
  const station = (req: FastifyRequest): Station => {
    if (!req.station) throw new HubError(401, 'invalid_station_token', 'Not authenticated.');
    return req.station;
  };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await readiness();
    return reply.code(r.ready ? 200 : 503).send(r);
  });
  const metricsTokenHash = options.metricsToken ? Buffer.from(sha256(options.metricsToken), 'hex') : null;
  app.get('/metrics', async (req, reply) => {
    if (!metricsTokenHash) {
      return sendError(
        reply,
        new HubError(404, 'resource_missing', 'Metrics are off: set HUB_METRICS_TOKEN.'),
      );
    }
    const sent = /^Bearer\s+(\S{1,200})$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!sent || !timingSafeEqual(Buffer.from(sha256(sent), 'hex'), metricsTokenHash)) {
      return sendError(
        reply,
        new HubError(401, 'metrics_token_invalid', 'Give the metrics token as a bearer token.'),
      );
    }
    return reply.type(metrics.registry.contentType).send(await metrics.text());
  });

  async function readiness(): Promise<Readiness> {
    let database = false;
    let migrations = false;
    try {
      migrations = (await schemaVersion(db)) === SCHEMA_VERSION;
      database = true;
    } catch (error) {
      log.warn('readiness: the database does not answer', errorFields(error));
    }
    const listening = db.listening;
    return {
      ready: database && migrations && listening && !draining,
      database,
      migrations,
      listening,
      draining,
    };
  }

  registerSessionRoutes(app, { db, stripe, log: sessionLog, station, unknownLookups, logger });
  registerStationRoutes(app, {
    stations,
    streams: streams,
    helpCalls,
    audit,
    station,
    enrollments,
    logger,
  });
  const webhooks = registerWebhookRoute(app, {
    db,
    log: sessionLog,
    stripe: stripe.stripe,
    secret: () => webhookSecret,
    now,
    logger,
    metrics,
  });
  const fleet = await registerFleet(app, {
    db,
    stations,
    helpCalls,
    streams: streams,
    now,
    secureCookies: options.secureCookies ?? true,
    initialPassword: options.adminPassword,
    fleetDir: options.fleetDir,
    signInLimits: options.signInLimits,
    logger,
  });
  registerPolicyRoutes(app, { db, policies, streams, admin: fleet.admin, logger });
  registerStaffRoutes(app, { db, staff, streams, admin: fleet.admin, logger });
  const redactions = new RedactionJob(db, stripe, policies, { now, logger, ...options.redaction });
  registerRedactionRoutes(app, { redactions, admin: fleet.admin, logger });
  registerAuditRoutes(app, { db, admin: fleet.admin });
  registerDashboardRoutes(app, { db, now, fleetStreams });
  const alerts = new AlertJob(db, {
    ...options.alerts,
    now,
    openingHours: options.openingHours ?? policyOpeningHours((station) => policies.effectiveFor(station)),
    logger,
  });
  registerUpdateRoutes(app, { db, dir: options.updatesDir ?? 'hub-updates', now, station, logger });
  const poller = new OverduePoller(db, stripe, sessionLog, {
    now,
    overdueMs: options.overdueMs,
    everyMs: options.pollEveryMs,
    logger,
    metrics,
  });
  const retention = new RetentionJob(db, {
    now,
    replayWindowMs: options.replayWindowMs,
    sessionRetentionMs: options.sessionRetentionMs,
    everyMs: options.retentionEveryMs,
    logger,
    metrics,
  });

  await app.listen({ port: listen.port ?? 0, host: listen.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const host = listen.host ?? '127.0.0.1';
  const stopTimers = () => {
    poller.stop();
    retention.stop();
    redactions.stop();
    alerts.stop();
    clearInterval(revocationSweep);
    offListen();
    offPolicy();
    offStaff();
  };
  let closing: Promise<void> | null = null;
  const close = (graceMs: number): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      log.info('shutting down: streams told to reconnect, in-flight requests finishing', {
        streams: streams.connected,
        graceMs,
      });
      stopTimers();
      streams.drain(options.streamRetryMs ?? 1000);
      fleetStreams.stop(options.streamRetryMs ?? 1000);
      const closed = app.close();
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!inTime) {
        log.warn('the grace period is over: cutting the requests still open', { graceMs });
        app.server.closeAllConnections();
        await closed;
      }
      await db.close();
      log.info('stopped');
    })();
    return closing;
  };
  const kill = async () => {
    draining = true;
    stopTimers();
    streams.stop(true);
    fleetStreams.stop();
    app.server.closeAllConnections();
    await app.close();
    await db.close();
  };
  log.info('started', { port, database: db.kind });
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    db,
    stations,
    streams: streams,
    policies,
    staff,
    poller,
    retention,
    redactions,
    alerts,
    fleetStreams,
    stripe,
    webhooks,
    metrics,
    setWebhookSecret: (secret) => {
      webhookSecret = secret;
    },
    readiness,
    close: (o) => close(o?.graceMs ?? options.shutdownGraceMs ?? 10_000),
    kill,
  };
}

/** The route's pattern (`/v1/identity/verification_sessions/:id`), never the raw url with its ids. */
const routeOf = (req: FastifyRequest): string => req.routeOptions?.url ?? 'unmatched';
