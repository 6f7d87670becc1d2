/**
 * The HTTP side: request logging, faults, body reading, authentication, idempotency and dispatch
 * to the API routes and the hosted page. Order matters: faults are decided before anything is
 * executed, so an injected 429/500/reset never changes state.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { matchRoute } from './api-routes.ts';
import {
  ApiError,
  invalidApiKey,
  invalidParameter,
  missingApiKey,
  rateLimited,
  serverError,
  unrecognizedUrl,
} from './stripe-errors.ts';
import type { CreationHold, FaultInjector } from './faults.ts';
import { canonicalForm, decodeForm, FormDecodeError, type FormObject } from './form-encoding.ts';
import { donePage, expiredPage, HOSTED_PAGE_HEADERS, notFoundPage, verificationPage } from './hosted-page.ts';
import { languageFromAcceptLanguage } from './hosted-page-text.ts';
import { checkKey, type IdempotencyStore } from './idempotency.ts';
import { randomAlphanumeric } from './ids.ts';
import type { KeyAccess } from './key-access.ts';
import { isOutcome, outcomeFits } from './failures.ts';
import { checksOf } from './session-records.ts';
import type { SimulatorStore } from './simulator-state.ts';
import type { WebhookDispatcher } from './webhooks.ts';
import { checkRequestedVersion, SIMULATED_API_VERSION } from './version.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const CREATE_ROUTE = 'POST /v1/identity/verification_sessions';

export interface ServerDeps {
  store: SimulatorStore;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  /** Tests hold creations in progress with it (see CreationHold). */
  creationHold?: CreationHold | undefined;
  idempotency: IdempotencyStore;
  secretKey: string;
  /** The restricted keys and whether each is IP-restricted (key-access.ts). */
  restrictedKeys?: ReadonlyArray<{ key: string; ipRestricted: boolean }> | undefined;
  log: (line: string) => void;
  countRequest: (routeKey: string) => void;
  /** Every API answer's status and body, for tests that check them against Stripe's spec. */
  onResponse?: ((status: number, body: unknown) => void) | undefined;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The key from `Authorization: Bearer KEY` or Basic auth with the key as user name. */
function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return value || null;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':')[0] ?? '';
    return user || null;
  }
  return null;
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** Route name for stats; unknown paths are grouped so the stats stay small. */
function routeKeyOf(method: string, pathname: string): string {
  return matchRoute(method, pathname)?.route.key ?? `${method} (unknown route)`;
}

export function createRequestHandler(deps: ServerDeps) {
  const { store, faults, idempotency, secretKey, log } = deps;
  const restrictedKeys = deps.restrictedKeys ?? [];

  /** The kind of the key, or null when it is none of this account's keys. */
  function accessOf(key: string): KeyAccess | null {
    if (sameKey(key, secretKey)) return 'secret';
    const restricted = restrictedKeys.find((k) => sameKey(key, k.key));
    if (!restricted) return null;
    return restricted.ipRestricted ? 'restricted_ip' : 'restricted';
  }

  function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): number {
    deps.onResponse?.(status, body);
    const text = JSON.stringify(body, null, 2);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, no-store',
      ...headers,
    });
    res.end(text);
    return status;
  }

  function sendHtml(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}) {
    res.writeHead(status, { ...HOSTED_PAGE_HEADERS, 'Content-Length': Buffer.byteLength(html), ...extra });
    res.end(html);
    return status;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number | string> {
    const method = req.method ?? 'GET';
    deps.countRequest(routeKeyOf(method, url.pathname));
    const requestId = `req_${randomAlphanumeric(14)}`;
    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : null;
    const baseHeaders: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': SIMULATED_API_VERSION,
    };
    if (idempotencyKey !== null) baseHeaders['Idempotency-Key'] = idempotencyKey;
    const fail = (error: ApiError, extra: Record<string, string> = {}) =>
      sendJson(res, error.status, error.toBody(), { ...baseHeaders, ...extra });

    const decision = faults.decide();
    if (decision.kind === 'reset') {
      req.socket.destroy();
      return 'reset';
    }
    // Injected failures are answered before the request is read or run; Stripe-Should-Retry
    // says so, as Stripe does when it knows a retry is safe.
    if (decision.kind === 'rate_limit') return fail(rateLimited());
    if (decision.kind === 'server_error') return fail(serverError(), { 'Stripe-Should-Retry': 'true' });
    if (decision.delayMs > 0) await sleep(decision.delayMs);

    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return fail(new ApiError(413, 'invalid_request_error', 'The request body is too large.'));
      }
      throw error;
    }

    const key = apiKeyOf(req);
    if (key === null) return fail(missingApiKey());
    const access = accessOf(key);
    if (access === null) return fail(invalidApiKey(key));
    try {
      checkRequestedVersion(header(req, 'stripe-version'));
      if (idempotencyKey !== null) checkKey(idempotencyKey);
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      throw error;
    }

    const match = matchRoute(method, url.pathname);
    if (!match) return fail(unrecognizedUrl(method, url.pathname));

    let params: FormObject;
    try {
      params = decodeForm(method === 'GET' ? url.search.slice(1) : body);
    } catch (error) {
      if (error instanceof FormDecodeError) return fail(invalidParameter(error.param, error.message));
      throw error;
    }

    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = canonicalForm(params);
    if (idempotencyKey !== null) {
      try {
        const saved = idempotency.lookup(idempotencyKey, endpoint, fingerprint);
        if (saved) {
          return sendJson(res, saved.status, saved.body, {
            ...baseHeaders,
            'Idempotent-Replayed': 'true',
          });
        }
      } catch (error) {
        if (error instanceof ApiError) return fail(error);
        throw error;
      }
    }

    let status: number;
    let responseBody: unknown;
    if (idempotencyKey !== null) idempotency.begin(idempotencyKey);
    try {
      if (match.route.key === CREATE_ROUTE && deps.creationHold) await deps.creationHold.passed();
      try {
        responseBody = match.route.handle(
          store,
          { params, path: match.path, context: { requestId, idempotencyKey }, access },
          deps.webhooks,
        );
        status = 200;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.beforeExecution || idempotencyKey === null) return fail(error);
        status = error.status;
        responseBody = error.toBody();
      }
      if (idempotencyKey !== null)
        idempotency.save(idempotencyKey, endpoint, fingerprint, { status, body: responseBody });
    } finally {
      if (idempotencyKey !== null) idempotency.finish(idempotencyKey);
    }
    if (decision.loseResponse) {
      // Done, but the answer never arrives: only a retry under the same key is safe now.
      req.socket.destroy();
      return 'lost';
    }
    return sendJson(res, status, responseBody, baseHeaders);
  }

  async function handleHosted(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const method = req.method ?? 'GET';
    // The page speaks the browser's language when it can (the customer window sends the station's).
    const language = languageFromAcceptLanguage(req.headers['accept-language']);
    const page = /^\/hosted\/([^/]+)$/.exec(url.pathname);
    const submit = /^\/hosted\/([^/]+)\/submit$/.exec(url.pathname);
    if (method === 'GET' && page) {
      const session = store.sessions.get(page[1] ?? '');
      const token = url.searchParams.get('token') ?? '';
      if (!session || !store.tokenValid(session, token)) return sendHtml(res, 410, expiredPage(language));
      store.markOpened(session, token);
      return sendHtml(res, 200, verificationPage(session, token, language));
    }
    if (method === 'POST' && submit) {
      const form = new URLSearchParams(await readBody(req));
      const session = store.sessions.get(submit[1] ?? '');
      const token = form.get('token') ?? '';
      const outcome = form.get('outcome') ?? '';
      if (!session || !store.tokenValid(session, token)) return sendHtml(res, 410, expiredPage(language));
      // Only the outcomes the page offered: those the session's checks can produce.
      if (!isOutcome(outcome) || !outcomeFits(outcome, checksOf(session))) {
        return sendHtml(res, 400, notFoundPage(language));
      }
      store.submit(session.id, outcome);
      if (session.returnUrl) {
        res.writeHead(303, { Location: session.returnUrl, 'Cache-Control': 'no-store', 'Content-Length': 0 });
        res.end();
        return 303;
      }
      // No return_url: the flow ends on the completion page, as Stripe's does; a phone that did
      // the QR flow is told to go back to the counter.
      return sendHtml(res, 200, donePage(language), { Vary: 'Accept-Language' });
    }
    return sendHtml(res, 404, notFoundPage(language));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
    } catch {
      url = new URL('http://simulator.invalid/');
    }
    // Only the path is logged: query strings carry hosted-page tokens.
    const finish = (outcome: number | string) =>
      log(`${method} ${url.pathname} ${outcome} ${Math.round(performance.now() - started)}ms`);

    if (faults.offline) {
      // Like a dead network: no answer at all, hosted pages included.
      req.socket.destroy();
      finish('offline');
      return;
    }
    const isApi = url.pathname === '/v1' || url.pathname.startsWith('/v1/');
    const work = isApi
      ? handleApi(req, res, url)
      : url.pathname.startsWith('/hosted/')
        ? handleHosted(req, res, url)
        : Promise.resolve(
            sendJson(res, 404, unrecognizedUrl(method, url.pathname).toBody(), {
              'Request-Id': `req_${randomAlphanumeric(14)}`,
            }),
          );
    work.then(finish, (error: unknown) => {
      // An unexpected failure is a bug in the simulator; answer like Stripe's api_error, no details.
      if (!res.headersSent) {
        sendJson(res, 500, new ApiError(500, 'api_error', 'An unexpected error occurred.').toBody(), {});
      } else {
        res.destroy();
      }
      finish(`500 (${error instanceof Error ? error.name : 'error'})`);
    });
  };
}
