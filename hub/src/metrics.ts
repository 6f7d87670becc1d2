/**
 * The hub's Prometheus metrics (prom-client), one registry per instance (several instances may
 * share a process in tests), scraped at `GET /metrics` with the metrics token (server.ts).
 * Labels are closed sets (routes, results, reasons, tables): never an id, a store or a station.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.ts';

export class HubMetrics {
  readonly registry = new Registry();
  readonly connectedStations: Gauge;
  readonly webhookToStation: Histogram;
  readonly webhookFailures: Counter<'reason'>;
  readonly webhooksApplied: Counter;
  readonly stripeRequests: Counter<'route' | 'result'>;
  readonly listenReconnects: Gauge;
  readonly pollerRuns: Counter<'result'>;
  readonly pollerRepairs: Counter;
  readonly retentionDeleted: Counter<'table'>;
  readonly refusals: Counter<'code'>;
  readonly dbPool: Gauge<'state'>;

  constructor(db: Db, connected: () => number) {
    const registers = [this.registry];
    this.connectedStations = new Gauge({
      name: 'hub_connected_stations',
      help: 'Stations with an open stream on this instance.',
      registers,
      collect() {
        this.set(connected());
      },
    });
    this.webhookToStation = new Histogram({
      name: 'hub_webhook_to_station_seconds',
      help: 'From a change being applied (a webhook or the poller) to its write on a station stream of this instance.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.webhookFailures = new Counter({
      name: 'hub_webhook_failures_total',
      help: 'Webhook deliveries not applied, by reason (signature, database, replaced_value: stored with a value replaced).',
      labelNames: ['reason'],
      registers,
    });
    this.webhooksApplied = new Counter({
      name: 'hub_webhooks_applied_total',
      help: 'Webhook events that changed a session.',
      registers,
    });
    this.stripeRequests = new Counter({
      name: 'hub_stripe_requests_total',
      help: 'Requests this instance sent to Stripe, by route and result.',
      labelNames: ['route', 'result'],
      registers,
    });
    this.listenReconnects = new Gauge({
      name: 'hub_listen_reconnects_total',
      help: 'Times the LISTEN connection was opened again after a loss.',
      registers,
      collect() {
        this.set(db.listenReconnects);
      },
    });
    this.pollerRuns = new Counter({
      name: 'hub_poller_runs_total',
      help: 'Overdue poller rounds, by result (leader, follower, failed).',
      labelNames: ['result'],
      registers,
    });
    this.pollerRepairs = new Counter({
      name: 'hub_poller_repairs_total',
      help: 'Sessions the overdue poller found changed at Stripe (a webhook lost or late).',
      registers,
    });
    this.retentionDeleted = new Counter({
      name: 'hub_retention_deleted_total',
      help: 'Rows the retention job deleted, by table.',
      labelNames: ['table'],
      registers,
    });
    this.refusals = new Counter({
      name: 'hub_refusals_total',
      help: 'Requests refused with a 4xx, by code.',
      labelNames: ['code'],
      registers,
    });
    this.dbPool = new Gauge({
      name: 'hub_db_pool_connections',
      help: 'The database pool: open, idle, and requests waiting for a connection.',
      labelNames: ['state'],
      registers,
      collect() {
        const s = db.poolStats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
