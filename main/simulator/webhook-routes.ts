/**
 * /v1/webhook_endpoints: create (the only answer that shows the signing `secret`), retrieve and
 * list. Parameters from Stripe's API reference for webhook endpoints; the object's shape is the
 * pinned version's.
 */
import type { ApiRoute } from './route-types.ts';
import { invalidParameter } from './stripe-errors.ts';
import { paginate, type PageRequest } from './pagination.ts';
import { parseParams, requireParam, SPECS } from './params.ts';
import { SIMULATED_API_VERSION } from './version.ts';
import type { WebhookEndpointRecord } from './webhooks.ts';

const PATH = '/v1/webhook_endpoints';

function renderEndpoint(endpoint: WebhookEndpointRecord, withSecret: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: endpoint.id,
    object: 'webhook_endpoint',
    api_version: endpoint.apiVersion,
    application: null,
    created: endpoint.created,
    description: endpoint.description,
    enabled_events: [...endpoint.enabledEvents],
    livemode: false,
    metadata: { ...endpoint.metadata },
    status: 'enabled',
    url: endpoint.url,
  };
  if (withSecret) body.secret = endpoint.secret;
  return body;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParameter('url', `Invalid URL: ${url}`, 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidParameter('url', `Invalid URL: ${url} must be an http or https URL.`, 'url_invalid');
  }
}

export const WEBHOOK_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^${PATH}$`),
    key: `POST ${PATH}`,
    handle(_store, { params }, webhooks) {
      const p = parseParams(SPECS.createWebhookEndpoint, params);
      requireParam(p, 'url');
      requireParam(p, 'enabled_events');
      checkUrl(p.url as string);
      const enabledEvents = p.enabled_events as string[];
      if (enabledEvents.length === 0) {
        throw invalidParameter('enabled_events', 'enabled_events must name at least one event type, or *.');
      }
      if (p.api_version !== undefined && p.api_version !== SIMULATED_API_VERSION) {
        throw invalidParameter(
          'api_version',
          `The simulator renders API version ${SIMULATED_API_VERSION} only.`,
        );
      }
      const endpoint = webhooks.createEndpoint({
        url: p.url as string,
        enabledEvents,
        apiVersion: (p.api_version as string | undefined) ?? null,
        description: p.description as string | undefined,
        metadata: p.metadata === '' ? undefined : (p.metadata as Record<string, string> | undefined),
      });
      return renderEndpoint(endpoint, true);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${PATH}$`),
    key: `GET ${PATH}`,
    handle(_store, { params }, webhooks) {
      const p = parseParams(SPECS.listWebhookEndpoints, params);
      const page = paginate(
        [...webhooks.endpoints.values()],
        p as PageRequest,
        (id) => webhooks.endpoints.get(id),
        'webhook_endpoint',
      );
      return {
        object: 'list',
        url: PATH,
        has_more: page.has_more,
        data: page.data.map((e) => renderEndpoint(e, false)),
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${PATH}/([^/]+)$`),
    key: `GET ${PATH}/:id`,
    handle(_store, { params, path }, webhooks) {
      parseParams(SPECS.expandOnly, params);
      return renderEndpoint(webhooks.getEndpoint(path.id as string), false);
    },
  },
];
