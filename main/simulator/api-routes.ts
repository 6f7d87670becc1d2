/**
 * The /v1 endpoints: Identity verification sessions and reports, and Events. Each handler
 * validates its parameters, calls the store and renders Stripe-shaped JSON.
 */
import { invalidParameter } from './stripe-errors.ts';
import { eventTypeMatcher } from './events.ts';
import {
  renderEvent,
  renderReport,
  renderSession,
  REPORT_EXPANDABLE,
  SESSION_EXPANDABLE,
} from './objects.ts';
import { paginate, type PageRequest } from './pagination.ts';
import { parseParams, requireParam, SPECS, type Parsed } from './params.ts';
import type { DocumentOptions, ReportRecord, SessionRecord, SessionType } from './session-records.ts';
import {
  checkSensitiveAccess,
  SENSITIVE_REPORT_FIELDS,
  SENSITIVE_SESSION_FIELDS,
  type KeyAccess,
} from './key-access.ts';
import type { SimulatorStore } from './simulator-state.ts';
import type { ApiRoute } from './route-types.ts';
import { WEBHOOK_ROUTES } from './webhook-routes.ts';

export type { ApiRequest, ApiRoute } from './route-types.ts';

/** Checks `expand[]` against what the object can expand; list endpoints take them under `data.`. */
function expansions(value: Parsed | undefined, allowed: readonly string[], list = false): Set<string> {
  const out = new Set<string>();
  for (const raw of (value as string[] | undefined) ?? []) {
    const path = list ? (raw.startsWith('data.') ? raw.slice(5) : null) : raw;
    if (path === null || !allowed.includes(path)) {
      throw invalidParameter('expand', `This property cannot be expanded (${raw}).`);
    }
    out.add(path);
  }
  return out;
}

/**
 * Refuses (403) a sensitive expansion the request's key may not read, before anything is done:
 * `record` is the session or report it reads (null for one not created yet).
 */
function guardSession(
  store: SimulatorStore,
  record: SessionRecord | null,
  expand: Set<string>,
  access: KeyAccess,
) {
  const processed = record?.lastReportId ? (store.reports.get(record.lastReportId)?.created ?? null) : null;
  checkSensitiveAccess(expand, SENSITIVE_SESSION_FIELDS, access, processed, store.nowMs());
}

function guardReport(store: SimulatorStore, report: ReportRecord, expand: Set<string>, access: KeyAccess) {
  checkSensitiveAccess(expand, SENSITIVE_REPORT_FIELDS, access, report.created, store.nowMs());
}

function session(store: SimulatorStore, record: SessionRecord, expand: Set<string>, url: string | null) {
  return renderSession(record, { expand, url }, (id) => store.reports.get(id));
}

function listBody(url: string, page: { data: unknown[]; has_more: boolean }) {
  return { object: 'list', url, has_more: page.has_more, data: page.data };
}

function documentOptionsOf(options: Parsed | undefined): DocumentOptions | null | undefined {
  if (options === undefined) return undefined;
  const document = (options as Record<string, Parsed>).document;
  if (document === undefined) return undefined;
  if (document === '') return null;
  return document as DocumentOptions;
}

function metadataOf(value: Parsed | undefined): Record<string, string> | null | undefined {
  if (value === undefined) return undefined;
  if (value === '') return null;
  return value as Record<string, string>;
}

const SESSION_PATH = '/v1/identity/verification_sessions';
const ID = '([^/]+)';

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^${SESSION_PATH}$`),
    key: `POST ${SESSION_PATH}`,
    handle(store, { params, context, access }) {
      const p = parseParams(SPECS.createSession, params);
      const flow =
        p.verification_flow === undefined ? undefined : store.flows.get(p.verification_flow as string);
      if (flow && p.type !== undefined) {
        throw invalidParameter('type', 'You may pass either type or verification_flow, but not both.');
      }
      if (!flow) requireParam(p, 'type');
      const expand = expansions(p.expand, SESSION_EXPANDABLE);
      guardSession(store, null, expand, access);
      const metadata = metadataOf(p.metadata) ?? {};
      const record = store.createSession(
        {
          type: (p.type as SessionType | undefined) ?? 'verification_flow',
          documentOptions: flow?.documentOptions ?? documentOptionsOf(p.options) ?? undefined,
          verificationFlow: flow,
          providedDetails: p.provided_details as { email?: string; phone?: string } | undefined,
          // On create an empty value means "no such key".
          metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== '')),
          clientReferenceId: p.client_reference_id as string | undefined,
          relatedCustomer: p.related_customer as string | undefined,
          relatedCustomerAccount: p.related_customer_account as string | undefined,
          returnUrl: p.return_url as string | undefined,
        },
        context,
      );
      return session(store, record, expand, store.currentUrl(record));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${SESSION_PATH}$`),
    key: `GET ${SESSION_PATH}`,
    handle(store, { params, access }) {
      const p = parseParams(SPECS.listSessions, params);
      const expand = expansions(p.expand, SESSION_EXPANDABLE, true);
      const all = [...store.sessions.values()].filter(
        (s) =>
          (p.status === undefined || s.status === p.status) &&
          (p.client_reference_id === undefined || s.clientReferenceId === p.client_reference_id) &&
          (p.related_customer === undefined || s.relatedCustomer === p.related_customer) &&
          (p.related_customer_account === undefined ||
            s.relatedCustomerAccount === p.related_customer_account),
      );
      const page = paginate(all, p as PageRequest, (id) => store.sessions.get(id), 'verification_session');
      for (const s of page.data) guardSession(store, s, expand, access);
      return listBody(SESSION_PATH, {
        has_more: page.has_more,
        data: page.data.map((s) => session(store, s, expand, store.currentUrl(s))),
      });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${SESSION_PATH}/${ID}$`),
    key: `GET ${SESSION_PATH}/:id`,
    handle(store, { params, path, access }) {
      const p = parseParams(SPECS.expandOnly, params);
      const expand = expansions(p.expand, SESSION_EXPANDABLE);
      const record = store.getSession(path.id as string);
      guardSession(store, record, expand, access);
      // Retrieving a session that waits for input hands out a fresh link for the next attempt.
      return session(store, record, expand, store.freshUrl(record));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${SESSION_PATH}/${ID}$`),
    key: `POST ${SESSION_PATH}/:id`,
    handle(store, { params, path, access }) {
      const p = parseParams(SPECS.updateSession, params);
      const expand = expansions(p.expand, SESSION_EXPANDABLE);
      guardSession(store, store.getSession(path.id as string), expand, access);
      const record = store.updateSession(path.id as string, {
        type: p.type as SessionType | undefined,
        documentOptions: documentOptionsOf(p.options),
        providedDetails: p.provided_details as { email?: string; phone?: string } | undefined,
        metadata: metadataOf(p.metadata),
      });
      return session(store, record, expand, store.currentUrl(record));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${SESSION_PATH}/${ID}/cancel$`),
    key: `POST ${SESSION_PATH}/:id/cancel`,
    handle(store, { params, path, context, access }) {
      const p = parseParams(SPECS.expandOnly, params);
      const expand = expansions(p.expand, SESSION_EXPANDABLE);
      guardSession(store, store.getSession(path.id as string), expand, access);
      return session(store, store.cancelSession(path.id as string, context), expand, null);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${SESSION_PATH}/${ID}/redact$`),
    key: `POST ${SESSION_PATH}/:id/redact`,
    handle(store, { params, path, context, access }) {
      const p = parseParams(SPECS.expandOnly, params);
      const expand = expansions(p.expand, SESSION_EXPANDABLE);
      guardSession(store, store.getSession(path.id as string), expand, access);
      return session(store, store.redactSession(path.id as string, context), expand, null);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/identity\/verification_reports$/,
    key: 'GET /v1/identity/verification_reports',
    handle(store, { params, access }) {
      const p = parseParams(SPECS.listReports, params);
      const expand = expansions(p.expand, REPORT_EXPANDABLE, true);
      const all = [...store.reports.values()].filter(
        (r) =>
          (p.type === undefined || r.type === p.type) &&
          (p.verification_session === undefined || r.sessionId === p.verification_session) &&
          (p.client_reference_id === undefined || r.clientReferenceId === p.client_reference_id),
      );
      const page = paginate(all, p as PageRequest, (id) => store.reports.get(id), 'verification_report');
      for (const r of page.data) guardReport(store, r, expand, access);
      return listBody('/v1/identity/verification_reports', {
        has_more: page.has_more,
        data: page.data.map((r) => renderReport(r, expand)),
      });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/identity/verification_reports/${ID}$`),
    key: 'GET /v1/identity/verification_reports/:id',
    handle(store, { params, path, access }) {
      const p = parseParams(SPECS.expandOnly, params);
      const expand = expansions(p.expand, REPORT_EXPANDABLE);
      const report = store.getReport(path.id as string);
      guardReport(store, report, expand, access);
      return renderReport(report, expand);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    key: 'GET /v1/events',
    handle(store, { params }) {
      const p = parseParams(SPECS.listEvents, params);
      expansions(p.expand, [], true);
      const matches = eventTypeMatcher(p.type, p.types);
      // delivery_success: whether every webhook endpoint acknowledged the event.
      const all = store.events.filter(
        (e) =>
          matches(e.type) &&
          (p.delivery_success === undefined || (e.pendingWebhooks === 0) === p.delivery_success),
      );
      const page = paginate(all, p as PageRequest, (id) => store.findEvent(id), 'event');
      return listBody('/v1/events', { has_more: page.has_more, data: page.data.map(renderEvent) });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/events/${ID}$`),
    key: 'GET /v1/events/:id',
    handle(store, { params, path }) {
      const p = parseParams(SPECS.expandOnly, params);
      expansions(p.expand, []);
      return renderEvent(store.getEvent(path.id as string));
    },
  },
  ...WEBHOOK_ROUTES,
];

/** Finds the route for a method and path; undefined for anything else (Stripe answers 404). */
export function matchRoute(
  method: string,
  pathname: string,
): { route: ApiRoute; path: Record<string, string> } | undefined {
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(pathname);
    if (m) {
      const id = m[1] === undefined ? undefined : safeDecode(m[1]);
      return { route, path: id === undefined ? {} : { id } };
    }
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
