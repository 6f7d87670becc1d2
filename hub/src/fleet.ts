/**
 * The fleet page and its API, under `/fleet`. Every page and API call but sign-in needs the
 * admin's session cookie (HttpOnly, Secure, SameSite=Strict, path /fleet); every POST also
 * needs the session's CSRF token (header `X-CSRF-Token` or form field `csrf`) — sign-in itself
 * is protected by a double-submit token (a cookie and a form field that must match).
 *
 * Signed in, `/fleet` is the React app built from hub/fleet/ (`npm run hub` builds it into
 * hub/dist/fleet); its scripts and styles are served from `/fleet/assets/`. Signed out, it is
 * the server-rendered sign-in form.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATION_KINDS, type StationKind } from '../../contract/hub-api.ts';
import type { Logger } from '../../base/logger.ts';
import { ADMIN_COOKIE, AdminAuth, LOGIN_COOKIE } from './admin-auth.ts';
import type { Db } from './db.ts';
import { markRefusal } from './errors.ts';
import {
  ACK_IDS_MAX,
  FIELD_MAX,
  SESSIONS_PAGE,
  type AcknowledgedHelpCalls,
  type FleetErrorCode,
  type Overview,
  type SessionsPage,
  type SharedStore,
} from './fleet-overview.ts';
import type { HelpCalls } from './help-calls.ts';
import { loginPage, signInLanguage } from './fleet-page.ts';
import { errorFields } from './log.ts';
import { isLanguage, type SignInError } from '../fleet/src/messages.ts';
import { randomToken } from './secrets.ts';
import { SignInLimiter, type SignInLimitOptions } from './signin-limit.ts';
import type { Stations } from './stations.ts';
import type { Streams } from './stream.ts';

export interface FleetDeps {
  db: Db;
  stations: Stations;
  streams: Streams;
  helpCalls: HelpCalls;
  now: () => number;
  secureCookies: boolean;
  initialPassword?: string;
  /** The built fleet app (index.html + assets/); default hub/dist/fleet. */
  fleetDir?: string;
  signInLimits?: SignInLimitOptions;
  logger: Logger;
}

export const DEFAULT_FLEET_DIR = fileURLToPath(new URL('../dist/fleet', import.meta.url));
/** One stylesheet for the app and the sign-in page: the app's own source, served as is. */
const FLEET_CSS_FILE = fileURLToPath(new URL('../fleet/src/fleet.css', import.meta.url));
/** The design tokens fleet.css imports; the build inlines them, the sign-in page gets them here. */
const DESIGN_TOKENS_FILE = fileURLToPath(new URL('../../base/design-tokens.css', import.meta.url));
const TOKENS_IMPORT = /^@import '[./]*base\/design-tokens\.css';$/m;

/** The app's page: its own scripts and styles only, and fetches to this origin only. */
const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const SIGNIN_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'";
const ASSET_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** A station counts as online if it was heard from in this long (heartbeat, stream, request). */
export const ONLINE_WINDOW_MS = 90_000;

export async function overview(
  db: Db,
  now: number,
  streaming: ReadonlySet<string>,
  helpCalls: HelpCalls,
): Promise<Overview> {
  const stations = await db.query<Record<string, unknown>>(
    'SELECT id, name, store, kind, last_seen, queued, active, revoked_at, share_store, app_version, online_since, last_error_code, last_error_at FROM stations ORDER BY store, name',
  );
  // The first page of every store (one more row tells whether there are older ones).
  const rows = await db.query<Record<string, unknown>>(
    `SELECT p.* FROM (SELECT DISTINCT store FROM stations) st CROSS JOIN LATERAL (
       ${SESSIONS_SELECT} WHERE s.store = st.store ORDER BY s.created DESC, s.id DESC LIMIT ${SESSIONS_PAGE + 1}
     ) p ORDER BY p.store, p.created DESC, p.id DESC`,
  );
  const perStore = new Map<string, number>();
  const storesWithMore = new Set<string>();
  const sessions = rows.filter((r) => {
    const n = (perStore.get(String(r.store)) ?? 0) + 1;
    perStore.set(String(r.store), n);
    if (n <= SESSIONS_PAGE) return true;
    storesWithMore.add(String(r.store));
    return false;
  });
  const openCalls = await helpCalls.open();
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
      onlineSince: s.online_since === null ? null : Number(s.online_since),
      lastError:
        s.last_error_code === null ? null : { code: String(s.last_error_code), at: Number(s.last_error_at) },
      helpCalls: (openCalls.get(String(s.id)) ?? []).slice(0, ACK_IDS_MAX),
    })),
    sessions: sessions.map(toSessionRow),
    storesWithMore: [...storesWithMore],
  };
}

const SESSIONS_SELECT = `SELECT s.id, s.store, s.status, s.last_error_code, s.created, s.updated, sst.name AS station
       FROM sessions s LEFT JOIN stations sst ON sst.id = s.station_id`;

const toSessionRow = (s: Record<string, unknown>): Overview['sessions'][number] => ({
  id: String(s.id),
  store: String(s.store),
  station: s.station === null ? null : String(s.station),
  status: String(s.status),
  lastErrorCode: s.last_error_code === null ? null : String(s.last_error_code),
  created: Number(s.created),
  updated: Number(s.updated),
});

/** One store's sessions older than `before` (`created` and `id` of the last one shown), newest first. */
export async function sessionsPage(
  db: Db,
  store: string,
  before: { created: number; id: string },
): Promise<SessionsPage> {
  const rows = await db.query<Record<string, unknown>>(
    `${SESSIONS_SELECT} WHERE s.store = $1 AND (s.created < $2 OR (s.created = $2 AND s.id < $3))
      ORDER BY s.created DESC, s.id DESC LIMIT ${SESSIONS_PAGE + 1}`,
    [store, before.created, before.id],
  );
  return { sessions: rows.slice(0, SESSIONS_PAGE).map(toSessionRow), more: rows.length > SESSIONS_PAGE };
}

/** The admin's check, for the fleet API routes other modules register (policy-routes.ts). */
export type AdminGuard = (req: FastifyRequest, reply: FastifyReply) => Promise<{ csrf: string } | null>;

export async function registerFleet(app: FastifyInstance, deps: FleetDeps): Promise<{ admin: AdminGuard }> {
  const auth = new AdminAuth(deps.db, deps.now);
  await auth.ensurePassword(deps.initialPassword);
  const signInLimit = new SignInLimiter(deps.now, deps.signInLimits);
  const log = deps.logger.child('fleet');
  const cookieOptions = {
    path: '/fleet',
    httpOnly: true,
    secure: deps.secureCookies,
    sameSite: 'strict' as const,
  };
  const fleetDir = deps.fleetDir ?? DEFAULT_FLEET_DIR;
  const tokens = await readFile(DESIGN_TOKENS_FILE, 'utf8');
  const css = (await readFile(FLEET_CSS_FILE, 'utf8')).replace(TOKENS_IMPORT, () => tokens);
  const html = (reply: FastifyReply, status: number, body: string, csp = SIGNIN_CSP) =>
    reply
      .code(status)
      .header('content-security-policy', csp)
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
  /** A file that is not there is an answer (404, 503); anything else is logged too. */
  const missingFile = (error: unknown): null => {
    if ((error as { code?: string }).code !== 'ENOENT')
      log.warn('reading a fleet page file failed', errorFields(error));
    return null;
  };
  const refuse = (reply: FastifyReply, status: number, code: FleetErrorCode, message: string) =>
    markRefusal(reply, code)
      .code(status)
      .send({ error: { type: 'invalid_request_error', code, message } });

  /** The admin session for a page or API call; for a POST, also its CSRF token. */
  async function admin(req: FastifyRequest, reply: FastifyReply): Promise<{ csrf: string } | null> {
    const session = await auth.session(req.cookies[ADMIN_COOKIE]);
    if (!session) {
      if (req.method === 'GET' && !req.url.startsWith('/fleet/api/')) await showLogin(req, reply, 200, null);
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

  /** The language the sign-in page's links picked (`?lang=`), if any. */
  const pickedLanguage = (req: FastifyRequest): unknown => (req.query as Record<string, unknown>).lang;

  async function showLogin(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error: SignInError | null,
    retryAfterSeconds?: number,
  ) {
    const token = randomToken(16);
    reply.setCookie(LOGIN_COOKIE, token, { ...cookieOptions, maxAge: 3600 });
    const language = signInLanguage(pickedLanguage(req), req.headers['accept-language']);
    const picked = language === pickedLanguage(req);
    if (error) markRefusal(reply, error);
    return html(
      reply,
      status,
      loginPage(language, picked, token, error, await auth.hasPassword(), retryAfterSeconds),
    );
  }

  app.get('/fleet/style.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(css),
  );

  app.get('/fleet', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    // Read on each visit: a rebuild while the hub runs is picked up.
    const page = await readFile(join(fleetDir, 'index.html'), 'utf8').catch(missingFile);
    if (page === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The fleet page is not built. Start the hub with `npm run hub`, which builds it first.');
    }
    return html(reply, 200, page, APP_CSP);
  });

  // The app's code and styles: no data in them, so no sign-in needed; names carry a content
  // hash, so they may be cached for good. Only plain file names, never a path.
  app.get<{ Params: { file: string } }>('/fleet/assets/:file', async (req, reply) => {
    const { file } = req.params;
    const type = ASSET_TYPES[file.split('.').pop() ?? ''];
    const body =
      type && /^[\w-][\w.-]*$/.test(file)
        ? await readFile(join(fleetDir, 'assets', file)).catch(missingFile)
        : null;
    if (!body || !type) return refuse(reply, 404, 'resource_missing', 'No such file.');
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body);
  });

  app.post('/fleet/login', async (req, reply) => {
    const sent = field(req, 'csrf');
    if (!sent || sent !== req.cookies[LOGIN_COOKIE]) {
      return showLogin(req, reply, 403, 'signin_expired');
    }
    // Limited before the password is hashed: a flood costs the hub no scrypt.
    const turn = signInLimit.begin(req.ip);
    if (!turn.ok) {
      const seconds = Math.max(1, Math.ceil(turn.retryAfterMs / 1000));
      log.warn('sign-in refused: too many attempts', { address: req.ip, retryAfterSeconds: seconds });
      reply.header('retry-after', String(seconds));
      return showLogin(req, reply, 429, 'too_many_attempts', seconds);
    }
    let session: Awaited<ReturnType<AdminAuth['signIn']>> = null;
    try {
      session = await auth.signIn(field(req, 'password') ?? '');
    } finally {
      turn.done(session !== null);
    }
    if (!session) {
      log.info('sign-in refused: wrong password', { address: req.ip });
      return showLogin(req, reply, 401, 'wrong_password');
    }
    log.info('admin signed in', { address: req.ip });
    reply.clearCookie(LOGIN_COOKIE, cookieOptions);
    reply.setCookie(ADMIN_COOKIE, session.id, cookieOptions);
    // A language picked on the sign-in page goes on to the app, which keeps it.
    const lang = pickedLanguage(req);
    const to = typeof lang === 'string' && isLanguage(lang) ? `/fleet?lang=${lang}` : '/fleet';
    return reply.code(303).header('location', to).send();
  });

  app.post('/fleet/logout', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    await auth.signOut(req.cookies[ADMIN_COOKIE]);
    reply.clearCookie(ADMIN_COOKIE, cookieOptions);
    return reply.code(303).header('location', '/fleet').send();
  });

  app.get('/fleet/api/overview', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    return overview(deps.db, deps.now(), new Set(deps.streams.stationIds()), deps.helpCalls);
  });

  app.get('/fleet/api/sessions', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const q = req.query as Record<string, unknown>;
    const store = typeof q.store === 'string' ? q.store : '';
    const before =
      typeof q.before === 'string' ? /^(\d{1,15}):(vs_[A-Za-z0-9_]{1,200})$/.exec(q.before) : null;
    if (!store || store.length > FIELD_MAX || !before) {
      return refuse(reply, 400, 'parameter_invalid', 'Give a store and before=<created>:<session id>.');
    }
    return sessionsPage(deps.db, store, { created: Number(before[1]), id: String(before[2]) });
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
    // JSON sends a boolean, the plain form a string; anything else is a mistake, not "false".
    const sent = (req.body as Record<string, unknown> | undefined)?.share;
    const share = sent === true || sent === 'true' ? true : sent === false || sent === 'false' ? false : null;
    if (share === null) {
      return refuse(reply, 400, 'parameter_invalid', 'Give share: true or false.');
    }
    const id = req.params.id.slice(0, FIELD_MAX);
    // A revoked station keeps its row, but nothing about it changes any more.
    const [station] = await deps.db.query('SELECT 1 FROM stations WHERE id = $1 AND revoked_at IS NULL', [
      id,
    ]);
    if (!station) return refuse(reply, 404, 'resource_missing', 'No such station, or it is already revoked.');
    await deps.stations.setShareStore(id, share);
    const answer: SharedStore = { shareStore: share };
    return wantsJson(req) ? answer : reply.code(303).header('location', '/fleet').send();
  });

  // Names the calls the admin saw: one that arrived since stays open. A revoked station's calls
  // may still be acknowledged (they were made before the revocation).
  app.post<{ Params: { id: string } }>('/fleet/api/stations/:id/help-calls/ack', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const ids = (req.body as Record<string, unknown> | undefined)?.ids;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > ACK_IDS_MAX ||
      !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= FIELD_MAX)
    ) {
      return refuse(reply, 400, 'parameter_invalid', `Give ids: 1 to ${ACK_IDS_MAX} help call ids.`);
    }
    const id = req.params.id.slice(0, FIELD_MAX);
    const [station] = await deps.db.query('SELECT 1 FROM stations WHERE id = $1', [id]);
    if (!station) return refuse(reply, 404, 'resource_missing', 'No such station.');
    const answer: AcknowledgedHelpCalls = {
      acknowledged: await deps.helpCalls.acknowledge(id, ids as string[]),
    };
    return answer;
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
    // The code is in this answer only (the hub keeps its hash): the page shows it once.
    return deps.stations.createCode({ store, name, kind: kind as StationKind });
  });
  return { admin };
}
