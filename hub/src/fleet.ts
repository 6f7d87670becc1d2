/**
 * The fleet page and its API, under `/fleet`. Every page and API call but sign-in needs the
 * admin's session cookie (HttpOnly, Secure, SameSite=Strict, path /fleet); every POST also
 * needs the session's CSRF token (header `X-CSRF-Token` or form field `csrf`) — sign-in itself
 * is protected by a double-submit token (a cookie and a form field that must match).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATION_KINDS, type StationKind } from '../../contract/hub-api.ts';
import { ADMIN_COOKIE, AdminAuth, LOGIN_COOKIE } from './admin-auth.ts';
import type { Db } from './db.ts';
import { FLEET_CSS, codePage, dashboardPage, loginPage, type Overview } from './fleet-page.ts';
import { randomToken } from './secrets.ts';
import type { Stations } from './stations.ts';
import type { Streams } from './stream.ts';

export interface FleetDeps {
  db: Db;
  stations: Stations;
  streams: Streams;
  now: () => number;
  secureCookies: boolean;
  initialPassword?: string;
}

/** A station counts as online if it was heard from in this long (heartbeat, stream, request). */
export const ONLINE_WINDOW_MS = 90_000;

const FIELD_MAX = 80;

export async function overview(db: Db, now: number, streaming: ReadonlySet<string>): Promise<Overview> {
  const stations = await db.query<Record<string, unknown>>(
    'SELECT id, name, store, kind, last_seen, queued, active, revoked_at, share_store, app_version FROM stations ORDER BY store, name',
  );
  const sessions = await db.query<Record<string, unknown>>(
    `SELECT s.id, s.store, s.status, s.last_error_code, s.created, s.updated, st.name AS station
       FROM sessions s LEFT JOIN stations st ON st.id = s.station_id
      ORDER BY s.store, s.created DESC LIMIT 500`,
  );
  return {
    stations: stations.map((s) => ({
      id: String(s.id),
      name: String(s.name),
      store: String(s.store),
      kind: String(s.kind),
      lastSeen: s.last_seen === null ? null : Number(s.last_seen),
      online:
        s.revoked_at === null &&
        (streaming.has(String(s.id)) ||
          (s.last_seen !== null && now - Number(s.last_seen) < ONLINE_WINDOW_MS)),
      queued: Number(s.queued),
      active: Number(s.active),
      revoked: s.revoked_at !== null,
      shareStore: s.share_store === true,
      appVersion: s.app_version === null ? null : String(s.app_version),
    })),
    sessions: sessions.map((s) => ({
      id: String(s.id),
      store: String(s.store),
      station: s.station === null ? null : String(s.station),
      status: String(s.status),
      lastErrorCode: s.last_error_code === null ? null : String(s.last_error_code),
      created: Number(s.created),
      updated: Number(s.updated),
    })),
  };
}

export async function registerFleet(app: FastifyInstance, deps: FleetDeps): Promise<void> {
  const auth = new AdminAuth(deps.db, deps.now);
  await auth.ensurePassword(deps.initialPassword);
  const cookieOptions = {
    path: '/fleet',
    httpOnly: true,
    secure: deps.secureCookies,
    sameSite: 'strict' as const,
  };
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'",
      )
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(body);
  const wantsJson = (req: FastifyRequest) =>
    !String(req.headers['content-type'] ?? '').includes('form-urlencoded');
  const field = (req: FastifyRequest, name: string): string | undefined => {
    const v = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof v === 'string' ? v : undefined;
  };
  const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
    reply.code(status).send({ error: { type: 'invalid_request_error', code, message } });

  /** The admin session for a page or API call; for a POST, also its CSRF token. */
  async function admin(req: FastifyRequest, reply: FastifyReply): Promise<{ csrf: string } | null> {
    const session = await auth.session(req.cookies[ADMIN_COOKIE]);
    if (!session) {
      if (req.method === 'GET' && !req.url.startsWith('/fleet/api/')) await showLogin(reply, 200, null);
      else refuse(reply, 401, 'admin_signin_required', 'Sign in to the fleet page first.');
      return null;
    }
    if (req.method === 'POST') {
      const sent = req.headers['x-csrf-token'] ?? field(req, 'csrf');
      if (sent !== session.csrf) {
        refuse(reply, 403, 'csrf_invalid', 'This form has expired. Reload the page and try again.');
        return null;
      }
    }
    return session;
  }

  async function showLogin(reply: FastifyReply, status: number, error: string | null) {
    const token = randomToken(16);
    reply.setCookie(LOGIN_COOKIE, token, { ...cookieOptions, maxAge: 3600 });
    return html(reply, status, loginPage(token, error, await auth.hasPassword()));
  }

  app.get('/fleet/style.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(FLEET_CSS),
  );

  app.get('/fleet', async (req, reply) => {
    const session = await admin(req, reply);
    if (!session) return reply;
    const data = await overview(deps.db, deps.now(), new Set(deps.streams.stationIds()));
    return html(reply, 200, dashboardPage(data, session.csrf, deps.now()));
  });

  app.post('/fleet/login', async (req, reply) => {
    const sent = field(req, 'csrf');
    if (!sent || sent !== req.cookies[LOGIN_COOKIE]) {
      return showLogin(reply, 403, 'This sign-in form has expired. Try again.');
    }
    const session = await auth.signIn(field(req, 'password') ?? '');
    if (!session) return showLogin(reply, 401, 'Wrong password.');
    reply.clearCookie(LOGIN_COOKIE, cookieOptions);
    reply.setCookie(ADMIN_COOKIE, session.id, cookieOptions);
    return reply.code(303).header('location', '/fleet').send();
  });

  app.post('/fleet/logout', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    await auth.signOut(req.cookies[ADMIN_COOKIE]);
    reply.clearCookie(ADMIN_COOKIE, cookieOptions);
    return reply.code(303).header('location', '/fleet').send();
  });

  app.get('/fleet/api/overview', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    return overview(deps.db, deps.now(), new Set(deps.streams.stationIds()));
  });

  app.get('/fleet/api/csrf', async (req, reply) => {
    const session = await admin(req, reply);
    return session ? { csrf: session.csrf } : reply;
  });

  app.post<{ Params: { id: string } }>('/fleet/api/stations/:id/revoke', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const done = await deps.stations.revoke(req.params.id.slice(0, FIELD_MAX));
    if (!wantsJson(req)) return reply.code(303).header('location', '/fleet').send();
    if (!done) return refuse(reply, 404, 'resource_missing', 'No such station, or it is already revoked.');
    return { revoked: true };
  });

  app.post<{ Params: { id: string } }>('/fleet/api/stations/:id/share-store', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const share = String((req.body as Record<string, unknown> | undefined)?.share ?? 'false') === 'true';
    await deps.stations.setShareStore(req.params.id.slice(0, FIELD_MAX), share);
    return wantsJson(req) ? { shareStore: share } : reply.code(303).header('location', '/fleet').send();
  });

  app.post('/fleet/api/enrollment-codes', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const store = (field(req, 'store') ?? '').trim();
    const name = (field(req, 'name') ?? '').trim();
    const kind = field(req, 'kind') ?? 'counter';
    if (
      !store ||
      !name ||
      store.length > FIELD_MAX ||
      name.length > FIELD_MAX ||
      !STATION_KINDS.includes(kind as StationKind)
    ) {
      return refuse(
        reply,
        400,
        'parameter_invalid',
        `Give a store and a station name (1 to ${FIELD_MAX} characters each) and a kind (${STATION_KINDS.join(' or ')}).`,
      );
    }
    const created = await deps.stations.createCode({ store, name, kind: kind as StationKind });
    if (wantsJson(req)) return created;
    return html(reply, 200, codePage(created.code, created.expiresAt, { store, name, kind }));
  });
}
