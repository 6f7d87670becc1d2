/**
 * What a hub instance is started with (`HubOptions`, read from the environment by cli.ts) and
 * what `startHub` (server.ts) hands back: the options and their defaults, written apart from the
 * composition so each part's knobs are read in one place.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../base/logger.ts';
import type { AlertJob, AlertJobOptions } from './alerts.ts';
import type { Db } from './db.ts';
import type { FleetStreams } from './fleet-stream.ts';
import type { HubMetrics } from './metrics.ts';
import type { OpeningHoursSource } from './opening-hours.ts';
import type { OverduePoller } from './poller.ts';
import type { Policies } from './policy.ts';
import type { StaffMembers } from './staff.ts';
import type { RedactionJob, RedactionJobOptions } from './redaction-job.ts';
import type { RetentionJob } from './retention.ts';
import type { SignInLimitOptions } from './signin-limit.ts';
import type { Stations } from './stations.ts';
import type { Streams } from './stream.ts';
import type { StripeClient, StripeTarget } from './stripe-client.ts';
import type { WebhookStats } from './webhooks.ts';

export interface HubOptions {
  db: Db;
  stripeSecretKey: string;
  /** Where Stripe is (tests: the simulator); omit for api.stripe.com. */
  stripeTarget?: StripeTarget;
  webhookSecret: string;
  now?: () => number;
  /** Where the hub's JSON lines go (cli.ts: stdout); default nowhere. */
  logger?: Logger;
  /** This instance's share of the account's Stripe rate (req/s); default 80. */
  stripeRatePerSecond?: number;
  /** Each station's own rate on this instance (req/s) and burst; default 10 and 30. */
  stationRatePerSecond?: number;
  stationBurst?: number;
  /** Look-ups of sessions the hub has no record of, per station per minute (each asks Stripe); default 6, burst 10. */
  unknownLookupsPerMinute?: number;
  /** Enrollment attempts per client address per minute; default 10 (burst 10). */
  enrollmentsPerMinute?: number;
  /** Sign-in attempts per address and for the account, then growing delays. */
  signInLimits?: SignInLimitOptions;
  /** Open streams per station on this instance; a further one ends the oldest. Default 3. */
  maxStreamsPerStation?: number;
  /**
   * The proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; default none: the
   * client's address is the socket's, which no header can change.
   */
  trustProxy?: readonly string[];
  /** The bearer token `GET /metrics` asks for; without one, /metrics answers 404. */
  metricsToken?: string;
  authCacheMs?: number;
  keepAliveMs?: number;
  /** How often each instance reads the change feed without a NOTIFY (a lost one); default 1 s. */
  tailEveryMs?: number;
  /** How often each instance checks its streaming stations for revocations; default 1 s. */
  revocationSweepMs?: number;
  /** The overdue poller: a session with no update for this long is retrieved; default 60 s. */
  overdueMs?: number;
  pollEveryMs?: number;
  /** Retention (retention.ts): the change feed's replay window, the sessions' retention, how often. */
  replayWindowMs?: number;
  sessionRetentionMs?: number;
  retentionEveryMs?: number;
  /** Redaction at Stripe by the policy (redaction-job.ts): how often, how many per round, its rate. */
  redaction?: Omit<RedactionJobOptions, 'now' | 'logger'>;
  /** On close: how long in-flight requests may take before they are cut; default 10 s. */
  shutdownGraceMs?: number;
  /** On close: the `retry:` (ms) each stream is told before it ends; default 1000. */
  streamRetryMs?: number;
  /** Sets the admin password if none is set yet (HUB_ADMIN_PASSWORD). */
  adminPassword?: string;
  /** Cookies marked Secure (default true; the hub sits behind TLS). */
  secureCookies?: boolean;
  /** The built fleet page (hub/fleet/ built by vite); default hub/dist/fleet. */
  fleetDir?: string;
  /** Where the alerts read a station's opening hours (opening-hours.ts); default its policy's. */
  openingHours?: OpeningHoursSource;
  /** The alerts' round (alerts.ts): how often, delivery backoff and attempts, the POST's fetch. */
  alerts?: Partial<Omit<AlertJobOptions, 'now' | 'logger' | 'openingHours'>>;
  /** The folder update files are kept in (HUB_UPDATES_DIR); default ./hub-updates. */
  updatesDir?: string;
}

/** What `GET /readyz` checks. */
export interface Readiness {
  ready: boolean;
  database: boolean;
  migrations: boolean;
  listening: boolean;
  draining: boolean;
}

export interface RunningHub {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  readonly db: Db;
  readonly stations: Stations;
  readonly streams: Streams;
  readonly policies: Policies;
  readonly staff: StaffMembers;
  readonly poller: OverduePoller;
  readonly retention: RetentionJob;
  readonly redactions: RedactionJob;
  readonly alerts: AlertJob;
  readonly fleetStreams: FleetStreams;
  readonly stripe: StripeClient;
  readonly webhooks: WebhookStats;
  readonly metrics: HubMetrics;
  /** Replaces the webhook signing secret (the embedded simulator's is known only after start). */
  setWebhookSecret(secret: string): void;
  readiness(): Promise<Readiness>;
  /**
   * Graceful: readiness goes false, no new connection is accepted, every stream is told to
   * reconnect (`retry:`) and ended, in-flight requests get `graceMs` to finish (then are cut),
   * timers stop, the database closes.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Like a crash: every socket cut at once (the tests' "kill instance B"). */
  kill(): Promise<void>;
}
