/**
 * The fleet picture's API, beside fleet.ts's and under the same admin check (fleet-admin.ts):
 *
 * - `GET /fleet/api/dashboard?from=&to=[&store=]` — counts per store and day (dashboard.ts);
 * - `GET /fleet/api/stores/:store/sessions?q=&outcome=&code=&station=&from=&to=&before=` — one
 *   page of a store's sessions, and `…/sessions.csv?…&lang=` the same rows as a CSV file;
 * - `GET /fleet/api/alerts`, `POST /fleet/api/alerts/settings` — alerts and their settings;
 * - `GET /fleet/api/stream` — the page's live stream (fleet-stream.ts).
 */
import type { FastifyInstance } from 'fastify';
import { alertsView, parseAlertSettings, readAlertSettings, saveAlertSettings } from './alert-settings.ts';
import type { Db } from './db.ts';
import { dashboard, dashboardRange } from './dashboard.ts';
import { adminGuard, refuse } from './fleet-admin.ts';
import { FIELD_MAX } from './fleet-overview.ts';
import { announceFleet, type FleetStreams } from './fleet-stream.ts';
import { isLanguage } from '../fleet/src/messages.ts';
import { parseBefore, parseFilter, sessionList, sessionsCsv } from './session-search.ts';
import { ADMIN_COOKIE } from './admin-auth.ts';

export interface DashboardRoutesDeps {
  db: Db;
  now: () => number;
  fleetStreams: FleetStreams;
}

export function registerDashboardRoutes(app: FastifyInstance, deps: DashboardRoutesDeps): void {
  const admin = adminGuard(deps.db, deps.now);
  const query = (q: unknown) => (q ?? {}) as Record<string, unknown>;

  app.get('/fleet/api/dashboard', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const q = query(req.query);
    const range = dashboardRange(q.from, q.to);
    const store = typeof q.store === 'string' && q.store !== '' ? q.store : null;
    if (!range || (store !== null && store.length > FIELD_MAX)) {
      return refuse(
        reply,
        400,
        'parameter_invalid',
        'Give from and to as YYYY-MM-DD (at most 366 days), and a store if any.',
      );
    }
    return dashboard(deps.db, range, store);
  });

  app.get<{ Params: { store: string } }>('/fleet/api/stores/:store/sessions', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const q = query(req.query);
    const filter = parseFilter(req.params.store, q);
    const before = q.before === undefined || q.before === '' ? null : parseBefore(q.before);
    if (typeof filter === 'string' || (q.before !== undefined && q.before !== '' && !before)) {
      return refuse(
        reply,
        400,
        'parameter_invalid',
        `The filter is not valid (${typeof filter === 'string' ? filter : 'before'}).`,
      );
    }
    return sessionList(deps.db, filter, before);
  });

  app.get<{ Params: { store: string } }>('/fleet/api/stores/:store/sessions.csv', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const q = query(req.query);
    const filter = parseFilter(req.params.store, q);
    if (typeof filter === 'string') {
      return refuse(reply, 400, 'parameter_invalid', `The filter is not valid (${filter}).`);
    }
    const language = isLanguage(q.lang) ? q.lang : 'en';
    const day = new Date(deps.now()).toISOString().slice(0, 10);
    const name = `sessions-${day}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`sessions-${filter.store}-${day}.csv`)}`,
      )
      .send(await sessionsCsv(deps.db, filter, language));
  });

  app.get('/fleet/api/alerts', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    return alertsView(deps.db);
  });

  app.post('/fleet/api/alerts/settings', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const settings = parseAlertSettings(req.body, await readAlertSettings(deps.db));
    if (!settings) {
      return refuse(
        reply,
        400,
        'parameter_invalid',
        'Give an https:// alert URL (or http:// on this machine), a secret of 16 to 200 characters, and whole-number thresholds.',
      );
    }
    await saveAlertSettings(deps.db, settings, deps.now());
    await announceFleet(deps.db, 'alerts');
    return settings;
  });

  app.get('/fleet/api/stream', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    reply.hijack();
    deps.fleetStreams.open(reply.raw, req.cookies[ADMIN_COOKIE] ?? '');
  });
}
