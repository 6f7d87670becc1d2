/**
 * The test harness: serves the built renderer over http on 127.0.0.1 and binds the same IPC
 * contract to the app core over HTTP, so the real renderer runs in a real browser against the
 * real core (and its embedded simulator). It is a test and demo tool, not a second app:
 *
 * - every request needs this run's random token: the staff page lives under /staff/ and the
 *   customer page under /customer/, each with its own token, given once to /<page>/login?token=
 *   and kept in an HttpOnly cookie scoped to that path (so both pages work in one browser);
 * - calls go through main's own `dispatch` (method known, caller allowed, args and result
 *   checked against the contract), with the page's role taken from its token, never from it;
 * - events reach a page only when the contract addresses them to its role;
 * - the hosted url never crosses the contract: the customer page is told to go to
 *   /customer/flow, which answers with a redirect to the hosted page, served through the
 *   harness under /customer/hosted/ (a pass-through to the simulator with one script added,
 *   standing for what main does to the customer window: it brings the page back to the app as
 *   soon as the customer screen leaves the flow — staff canceled, redacted or showed another
 *   session — and follows a new hand-over); the return_url is /customer/return, which also
 *   answers a phone (no cookie) with a plain "you can return to the counter" page.
 *
 * Everything the harness sends to a page is recorded (`sent`) for the secret-scan test.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { contract, EVENT_NAMES, events, parseEventPayload } from '../../contract/ipc.ts';
import type { Envelope, EventName, WindowKind } from '../../contract/ipc.ts';
import {
  createAppCore,
  type ApiTarget,
  type AppCore,
  type HubLinkOptions,
  type Keychain,
} from '../../main/core/index.ts';
import { createLogger } from '../../base/logger.ts';
import { startSimulator } from '../../main/simulator/index.ts';
import { dispatch, toEnvelope } from '../../main/shell/dispatch.ts';
import { hostedRequestHeaders } from '../../main/shell/hosted-language.ts';
import { WINDOW_PAGES } from '../../main/shell/origins.ts';
import { cacheControlFor, contentTypeFor, securityHeaders } from '../../main/shell/protocol.ts';
import type { AnyHandler } from '../../main/shell/dispatch.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { confStoreFactory } from '../support/conf-store.ts';
import { DEFAULT_RENDERER_DIR } from './build-renderer.ts';

export interface HarnessOptions {
  /** The built renderer (staff.html, customer.html + assets); default out/renderer. */
  rendererDir?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The simulator's time from submission to result; default 300 ms. */
  processingDelayMs?: number;
  station?: string;
  /** Run as an unattended kiosk (the customer starts); default: a counter. */
  kiosk?: boolean;
  /** null (default): no keychain, the app runs on its simulator. */
  keychain?: Keychain | null;
  /** Where Stripe traffic goes once a key is stored (a separate simulator in tests). */
  apiTarget?: ApiTarget;
  /** Where the app's files go; default a new temp folder, removed on close. */
  storeDir?: string;
  /**
   * Methods the harness answers with an `internal` error instead of calling the core: a main
   * process that does not answer them (tests of the renderer's fallbacks).
   */
  failMethods?: readonly string[];
  /** Called with every answer the embedded simulator sends (tests check them against the spec). */
  onSimulatorResponse?: (status: number, body: unknown) => void;
  /** Also called with each line the core logs (the CLI prints them). */
  onLog?: (line: string) => void;
  /** A hub backend's stream backoff and heartbeat (tests of the hub shorten the backoff). */
  hubLink?: Pick<HubLinkOptions, 'heartbeatIntervalMs' | 'stream'>;
  /**
   * Issue 8 (#8): create sessions without a return_url, as the app does while no page after the
   * check is set (Stripe's flow then ends on its own completion page). Default: the return url
   * is the harness's /customer/return, as if the shop had set it.
   */
  withoutReturnUrl?: boolean;
}

export type SentRecord =
  | { kind: 'envelope'; role: WindowKind; method: string; body: unknown }
  | { kind: 'event'; role: WindowKind; event: string; payload: unknown };

export interface Harness {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Open these to log in as a page (each sets its cookie, then shows the page). */
  readonly staffUrl: string;
  readonly customerUrl: string;
  readonly core: AppCore<RunningSimulator>;
  /** The embedded simulator while it is the backend (tests cut its network with setFaults). */
  simulator(): RunningSimulator | null;
  readonly storeDir: string;
  /** Every line the core logged. */
  readonly coreLog: readonly string[];
  /** Every envelope and event sent to a page. */
  readonly sent: readonly SentRecord[];
  /** Each request passed through to the hosted page: its path and the Accept-Language sent. */
  readonly hostedRequests: ReadonlyArray<{ path: string; acceptLanguage: string | null }>;
  close(): Promise<void>;
}

const ROLES: readonly WindowKind[] = ['staff', 'customer'];
const COOKIE = { staff: 'cs_staff', customer: 'cs_customer' } as const;
/** Each window's page as main loads it (main/shell/origins.ts), for dispatch's sender check. */
const APP_PAGE_URL = WINDOW_PAGES;
/** Each role's page, under its own path: /staff/staff.html#/staff, /customer/customer.html#/customer. */
const pageOf = (role: WindowKind): string => `/${role}/${role}.html#/${role}`;
const MAX_BODY = 1024 * 1024;

// The same headers as the app:// protocol in Electron, so the browser sees what a window sees.
const SECURITY_HEADERS = securityHeaders();
const BRIDGE = readFileSync(new URL('./bridge.js', import.meta.url), 'utf8');
const HOSTED_BRIDGE = readFileSync(new URL('./hosted-bridge.js', import.meta.url), 'utf8');
/** The hosted page keeps its own rules (inline styles, no framing), plus this harness's one script. */
const HOSTED_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The page a phone gets at the return url: the hosted flow is over, nothing else to do there. */
const PHONE_DONE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Countersign</title></head>
<body><main><h1 data-testid="phone-done">Thank you</h1>
<p>You can return to the counter now. You may close this page.</p></main></body></html>
`;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  return JSON.parse((await readBody(req)) || '{}');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra = {}) {
  // Answers are never cached; static files say otherwise through `extra`.
  res.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': type, ...extra });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}) {
  res.writeHead(302, { ...SECURITY_HEADERS, Location: location, 'Content-Length': 0, ...extra });
  res.end();
}

/**
 * A window's page with the bridge loaded first. Deferred scripts and module scripts run in
 * document order, so it is in place before the bundle without blocking the parser.
 */
function withBridge(html: string): string {
  return html.replace('<head>', '<head>\n    <script defer src="./harness-bridge.js"></script>');
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const pages: Record<WindowKind, string> = {
    staff: withBridge(await readFile(join(rendererDir, 'staff.html'), 'utf8')),
    customer: withBridge(await readFile(join(rendererDir, 'customer.html'), 'utf8')),
  };
  const ownStoreDir = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'countersign-harness-'));
  const tokens: Record<WindowKind, string> = {
    staff: randomBytes(24).toString('hex'),
    customer: randomBytes(24).toString('hex'),
  };
  const coreLog: string[] = [];
  const sent: SentRecord[] = [];
  const clients = new Set<{ role: WindowKind; res: ServerResponse }>();
  const failing = new Set(options.failMethods ?? []);
  const hostedRequests: Array<{ path: string; acceptLanguage: string | null }> = [];
  /** Kiosk: staff gave the right PIN; this one-time grant opens the staff page (as main opens its window). */
  let staffGrant: { value: string; until: number } | null = null;
  let pendingFlow: string | null = null;
  /** The origin of the last hosted url handed over: the only place /customer/hosted/ goes to. */
  let hostedOrigin: string | null = null;
  let core: AppCore<RunningSimulator> | null = null;
  let origin = '';

  const push = (role: WindowKind, data: unknown) => {
    for (const client of clients)
      if (client.role === role) client.res.write(`data: ${JSON.stringify(data)}\n\n`);
  };

  const roleOf = (req: IncomingMessage, role: WindowKind): boolean => {
    const token = cookieOf(req, COOKIE[role]);
    return token !== null && sameToken(token, tokens[role]);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://harness.invalid');
    // Only this machine, by this exact address: a DNS-rebinding page gets nothing.
    if (req.headers.host !== origin.slice('http://'.length)) return send(res, 403, 'Forbidden', 'text/plain');
    const [, first = '', ...rest] = url.pathname.split('/');
    const role = ROLES.find((r) => r === first);
    if (!role) return send(res, 404, 'Not found', 'text/plain');
    const path = rest.join('/');

    // A phone that finished the QR flow: it has no cookie and nothing more to do here.
    if (role === 'customer' && path === 'return' && !roleOf(req, role)) {
      core?.customerReturned();
      return send(res, 200, PHONE_DONE_PAGE, 'text/html; charset=utf-8');
    }

    if (role === 'staff' && path === 'unlock' && req.method === 'GET') {
      const given = url.searchParams.get('grant') ?? '';
      const grant = staffGrant;
      staffGrant = null; // single use, right or wrong
      if (grant === null || Date.now() > grant.until || !sameToken(given, grant.value))
        return send(res, 403, 'Forbidden', 'text/plain');
      return redirect(res, pageOf('staff'), {
        'Set-Cookie': `${COOKIE.staff}=${tokens.staff}; Path=/staff/; HttpOnly; SameSite=Strict`,
      });
    }
    if (path === 'login' && req.method === 'GET') {
      const given = url.searchParams.get('token') ?? '';
      if (!sameToken(given, tokens[role])) return send(res, 403, 'Forbidden', 'text/plain');
      return redirect(res, pageOf(role), {
        'Set-Cookie': `${COOKIE[role]}=${tokens[role]}; Path=/${role}/; HttpOnly; SameSite=Strict`,
      });
    }
    if (!roleOf(req, role))
      return send(res, 403, 'Forbidden: open the URL the harness printed.', 'text/plain');
    const app = core!;

    if (req.method === 'POST' && path.startsWith('api/')) {
      let args: unknown;
      try {
        const body = (await readJson(req)) as { args?: unknown } | null;
        args = body && typeof body === 'object' ? body.args : undefined;
      } catch {
        return send(res, 400, 'Bad request', 'text/plain');
      }
      const method = decodeURIComponent(path.slice('api/'.length));
      const envelope: Envelope = failing.has(method)
        ? {
            ok: false,
            error: { code: 'internal', message: 'The app core did not answer (harness: failMethods).' },
          }
        : toEnvelope(
            await dispatch(
              contract,
              app.handlers as unknown as Record<string, AnyHandler>,
              { senderKind: role, senderUrl: APP_PAGE_URL[role] },
              method,
              args,
              { validateResult: true },
            ),
          );
      sent.push({ kind: 'envelope', role, method: method.slice(0, 64), body: envelope });
      return send(res, 200, JSON.stringify(envelope), 'application/json');
    }
    if (role === 'customer' && path.startsWith('hosted/')) return proxyHosted(req, res, url);
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');

    if (path === 'events') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Cache-Control': 'no-store',
        'Content-Type': 'text/event-stream',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const client = { role, res };
      clients.add(client);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        clients.delete(client);
      });
      return;
    }
    if (role === 'customer' && path === 'flow') {
      const target = pendingFlow;
      // Single use, as the hosted url itself.
      pendingFlow = null;
      if (target === null) return redirect(res, pageOf('customer'));
      const hosted = new URL(target);
      hostedOrigin = hosted.origin;
      return redirect(res, `/customer${hosted.pathname}${hosted.search}`);
    }
    if (role === 'customer' && path === 'return') {
      app.customerReturned();
      return redirect(res, pageOf('customer'));
    }
    // A role's own page only, as main's navigation rule allows each window (the other window's
    // page is not served under this role's path).
    if (path === `${role}.html`) return send(res, 200, pages[role], 'text/html; charset=utf-8');
    if (path.endsWith('.html') && path !== 'crash.html') return send(res, 404, 'Not found', 'text/plain');
    if (path === 'harness-bridge.js') return send(res, 200, BRIDGE, 'text/javascript; charset=utf-8');
    if (path === 'harness-hosted.js') return send(res, 200, HOSTED_BRIDGE, 'text/javascript; charset=utf-8');
    return serveStatic(res, path);
  }

  /** The hosted page, passed through from the origin main would load it from. */
  async function proxyHosted(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (hostedOrigin === null) return send(res, 404, 'Not found', 'text/plain');
    const target = `${hostedOrigin}${url.pathname.slice('/customer'.length)}${url.search}`;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    // What main does for the customer window: input on the hosted page keeps the walk-away
    // waiting, and the hosted origin gets the customer's language (main/shell/hosted-language.ts).
    core?.customerActivity();
    const headers = hostedRequestHeaders(
      target,
      {
        ...(req.headers['accept-language'] ? { 'Accept-Language': req.headers['accept-language'] } : {}),
        ...(body !== undefined ? { 'Content-Type': req.headers['content-type'] ?? 'text/plain' } : {}),
      },
      hostedOrigin,
      core?.customerLanguage() ?? null,
    );
    const sentLanguage = Object.entries(headers).find(([k]) => k.toLowerCase() === 'accept-language');
    hostedRequests.push({ path: url.pathname, acceptLanguage: sentLanguage?.[1] ?? null });
    let answer: Response;
    try {
      answer = await fetch(target, {
        method: req.method,
        redirect: 'manual',
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    } catch {
      // As Chromium would: the flow cannot be reached, and the page says so.
      return send(res, 502, 'The verification page cannot be reached.', 'text/plain; charset=utf-8');
    }
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location !== null) {
      return redirect(res, location);
    }
    const html = (await answer.text())
      .replaceAll('action="/hosted/', 'action="/customer/hosted/')
      .replace('<head>', '<head>\n<script defer src="/customer/harness-hosted.js"></script>');
    res.writeHead(answer.status, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': HOSTED_CSP,
      'Cache-Control': 'no-store',
      'Content-Type': 'text/html; charset=utf-8',
    });
    res.end(html);
  }

  async function serveStatic(res: ServerResponse, path: string) {
    const file = resolve(rendererDir, decodeURIComponent(path));
    const inside = relative(rendererDir, file);
    const type = contentTypeFor(file);
    if (inside.startsWith('..') || inside.split(sep).some((s) => s.startsWith('.')) || !type) {
      return send(res, 404, 'Not found', 'text/plain');
    }
    try {
      return send(res, 200, await readFile(file), type, { 'Cache-Control': cacheControlFor(file) });
    } catch {
      return send(res, 404, 'Not found', 'text/plain');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Harness error', 'text/plain');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    core = await createAppCore({
      storeFactory: confStoreFactory(storeDir),
      keychain: options.keychain ?? null,
      station: options.station ?? 'counter-1',
      kiosk: options.kiosk ?? false,
      version: '0.1.0-harness',
      logger: createLogger((_level, line) => {
        coreLog.push(line);
        options.onLog?.(line);
      }),
      startSimulator: () =>
        startSimulator({
          processingDelayMs: options.processingDelayMs ?? 300,
          ...(options.onSimulatorResponse ? { onResponse: options.onSimulatorResponse } : {}),
        }),
      ...(options.apiTarget ? { apiTarget: options.apiTarget } : {}),
      ...(options.hubLink ? { hubLink: options.hubLink } : {}),
      ...(options.withoutReturnUrl ? {} : { returnUrl: `${origin}/customer/return` }),
    });
  } catch (error) {
    server.close();
    throw error;
  }

  const unsubscribe: Array<() => void> = [];
  for (const name of EVENT_NAMES) {
    unsubscribe.push(
      core.on(name, (payload: unknown) => {
        let checked: unknown;
        try {
          checked = parseEventPayload(name as EventName, payload);
        } catch {
          coreLog.push(`harness: ${name} event failed the contract; not sent`);
          return;
        }
        for (const role of events[name].to) {
          sent.push({ kind: 'event', role, event: name, payload: checked });
          push(role, { event: name, payload: checked });
        }
      }),
    );
  }
  unsubscribe.push(
    core.onKioskUnlocked(() => {
      staffGrant = { value: randomBytes(24).toString('hex'), until: Date.now() + 60_000 };
      push('customer', { event: 'open-staff', grant: staffGrant.value });
    }),
  );
  unsubscribe.push(
    core.onOpenHostedFlow((url) => {
      pendingFlow = url;
      push('customer', { event: 'navigate' });
    }),
  );

  const app = core;
  return {
    origin,
    staffUrl: `${origin}/staff/login?token=${tokens.staff}`,
    customerUrl: `${origin}/customer/login?token=${tokens.customer}`,
    core: app,
    simulator: () => app.simulator(),
    storeDir,
    coreLog,
    sent,
    hostedRequests,
    close: async () => {
      for (const u of unsubscribe) u();
      for (const client of clients) client.res.end();
      clients.clear();
      await app.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      if (ownStoreDir) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
