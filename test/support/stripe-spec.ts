/**
 * Checks JSON against the shapes of the API version the app pins, so the simulator cannot drift
 * from what the real API sends:
 * - objects (verification sessions and reports, events, webhook endpoints) against the shapes
 *   derived from the pinned `stripe` package's type declarations
 *   (test/fixtures/stripe-sdk-shapes, see test/support/sdk-shapes.ts): closed objects, closed
 *   enums, optional (expandable) fields only when present;
 * - list envelopes and error bodies against Stripe's OpenAPI subset for 2024-04-10
 *   (test/fixtures/stripe-openapi), which the SDK's types do not describe.
 *
 * `createCheckedStripe(sim)` validates EVERY response body the SDK receives: it gives the SDK a
 * custom HTTP client (Stripe's own Node client, wrapped) whose responses check their parsed body
 * before handing it to the SDK. The SDK's 'response' event does not carry the body, and checking
 * only the objects a test happens to look at would miss error bodies and list pages.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Stripe from 'stripe';
import { loadSdkShapes } from './sdk-shapes.ts';

export type StripeObjectName =
  'identity.verification_session' | 'identity.verification_report' | 'event' | 'webhook_endpoint';
export type StripeSchemaName = StripeObjectName | 'error';
const OBJECT_NAMES: readonly string[] = [
  'identity.verification_session',
  'identity.verification_report',
  'event',
  'webhook_endpoint',
];

type Json = unknown;

const specPath = new URL('../fixtures/stripe-openapi/identity-subset.json', import.meta.url);
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as {
  components: Json;
  paths: Json;
};

/** OpenAPI 3.0's `nullable: true` is not JSON Schema: turn it into a null type / enum member. */
function fixNullable(s: Json): Json {
  if (Array.isArray(s)) return s.map(fixNullable);
  if (!s || typeof s !== 'object') return s;
  const o: Record<string, Json> = Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k, k === 'enum' ? v : fixNullable(v)]),
  );
  if (o.nullable === true) {
    delete o.nullable;
    const en = o.enum as Json[] | undefined;
    if (en && !en.includes(null)) o.enum = [...en, null];
    if (Array.isArray(o.anyOf)) o.anyOf = [...o.anyOf, { type: 'null' }];
    else if (o.type) o.type = [o.type, 'null'];
  }
  return o;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({
  $id: 'stripe.json',
  components: fixNullable(spec.components),
  paths: fixNullable(spec.paths),
});
const shapes = loadSdkShapes();
ajv.addSchema({ $id: 'sdk.json', schemas: shapes.schemas, definitions: shapes.definitions });

/** The API version whose object shapes the checks use (the pinned SDK's). */
export const CHECKED_API_VERSION = shapes.source.apiVersion;

/** The list endpoint whose envelope (object, url, has_more, data) a list of these objects has. */
const LIST_PATHS: Record<StripeObjectName, string> = {
  'identity.verification_session': '/v1/identity/verification_sessions',
  'identity.verification_report': '/v1/identity/verification_reports',
  event: '/v1/events',
  webhook_endpoint: '/v1/webhook_endpoints',
};

const cache = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  let fn = cache.get(ref);
  if (!fn) {
    fn = ajv.getSchema(ref);
    if (!fn) throw new Error(`stripe-spec: no schema at ${ref}`);
    cache.set(ref, fn);
  }
  return fn;
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('; ');
}

function check(ref: string, label: string, body: Json): void {
  const fn = validator(ref);
  if (!fn(body)) {
    throw new Error(`Response does not match Stripe's ${label} schema: ${describe(fn.errors)}`);
  }
}

/**
 * Throws with ajv's errors when `body` is not a valid `schemaName`: objects per the pinned
 * version's shapes (an event's data.object included), errors per Stripe's spec.
 */
export function assertStripeShape(schemaName: StripeSchemaName, body: Json): void {
  if (schemaName === 'error') {
    check(`stripe.json#/components/schemas/error`, 'error', body);
    return;
  }
  check(`sdk.json#/schemas/${pointerEscape(schemaName)}`, `${schemaName} (API ${CHECKED_API_VERSION})`, body);
}

/** Checks a list page: the envelope per Stripe's spec, every item per the pinned shapes. */
export function assertStripeList(schemaName: StripeObjectName, body: Json): void {
  const envelope = body as { object?: unknown; url?: unknown; has_more?: unknown; data?: unknown };
  if (
    envelope.object !== 'list' ||
    typeof envelope.url !== 'string' ||
    typeof envelope.has_more !== 'boolean' ||
    !Array.isArray(envelope.data) ||
    Object.keys(envelope).some((k) => !['object', 'url', 'has_more', 'data'].includes(k))
  ) {
    throw new Error(`Response is not a Stripe list: ${JSON.stringify(body).slice(0, 200)}`);
  }
  if (schemaName !== 'webhook_endpoint') {
    const path = LIST_PATHS[schemaName];
    // The 2024-04-10 spec's list schema, with its items left to the pinned shapes below.
    check(
      `stripe.json#/paths/${pointerEscape(path)}/get/responses/200/content/${pointerEscape('application/json')}/schema/properties/url`,
      `${schemaName} list url`,
      envelope.url,
    );
  }
  for (const item of envelope.data) assertStripeShape(schemaName, item);
}

/** Picks the schema from what the body says it is, as a client would. */
export function assertStripeResponse(status: number, body: Json): void {
  if (status >= 400) {
    assertStripeShape('error', body);
    return;
  }
  const object = (body as { object?: string } | null)?.object;
  if (object === 'list') {
    const url = (body as { url?: string }).url ?? '';
    const name = (Object.keys(LIST_PATHS) as Array<keyof typeof LIST_PATHS>).find((n) =>
      url.startsWith(LIST_PATHS[n]),
    );
    if (!name) throw new Error(`Response is a list with an unknown url: ${url}`);
    assertStripeList(name, body);
    return;
  }
  if (typeof object === 'string' && OBJECT_NAMES.includes(object)) {
    assertStripeShape(object as StripeObjectName, body);
    return;
  }
  throw new Error(`Response has an unexpected object type: ${String(object)}`);
}

export interface CheckedStripe {
  stripe: Stripe;
  /** How many response bodies were validated (so a test can tell the check really ran). */
  readonly checked: number;
  /** Every shape failure seen, also thrown to the SDK call that received it. */
  readonly violations: readonly string[];
}

interface SimulatorAddress {
  secretKey: string;
  host: string;
  port: number;
}

/**
 * A Stripe SDK client for the simulator whose every response body is checked against the spec.
 * A mismatch fails the SDK call (the SDK reports it as an invalid response) and is listed in
 * `violations`.
 */
export function createCheckedStripe(
  sim: SimulatorAddress,
  options: { secretKey?: string; maxNetworkRetries?: number } = {},
): CheckedStripe {
  const inner = Stripe.createNodeHttpClient();
  const state = { checked: 0, violations: [] as string[] };
  const httpClient: Stripe.HttpClient = {
    getClientName: () => 'node-checked',
    async makeRequest(...args) {
      const response = await inner.makeRequest(...args);
      const toJSON = response.toJSON.bind(response);
      response.toJSON = async () => {
        const body: Json = await toJSON();
        try {
          assertStripeResponse(response.getStatusCode(), body);
          state.checked += 1;
        } catch (error) {
          state.violations.push(`${args[3]} ${args[2]}: ${(error as Error).message}`);
          throw error;
        }
        return body;
      };
      return response;
    },
  };
  const stripe = new Stripe(options.secretKey ?? sim.secretKey, {
    host: sim.host,
    port: sim.port,
    protocol: 'http',
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    httpClient,
  });
  return {
    stripe,
    get checked() {
      return state.checked;
    },
    get violations() {
      return state.violations;
    },
  };
}

/**
 * For tests that talk to a simulator through the app's own gateway (not createCheckedStripe):
 * pass `onResponse` in the simulator's options, and every API answer it sends is checked
 * against Stripe's spec; `assertClean()` (in the test's `after`) fails on any mismatch.
 */
export function specCheck(): {
  onResponse: (status: number, body: unknown) => void;
  violations: string[];
  checked: () => number;
  assertClean: () => void;
} {
  const violations: string[] = [];
  let checked = 0;
  return {
    onResponse: (status, body) => {
      checked += 1;
      try {
        assertStripeResponse(status, body as Json);
      } catch (error) {
        if (violations.length < 20) violations.push(`${status}: ${(error as Error).message.slice(0, 500)}`);
      }
    },
    violations,
    checked: () => checked,
    assertClean: () => {
      if (violations.length > 0)
        throw new Error(`responses that break Stripe's spec:\n${violations.join('\n')}`);
    },
  };
}
