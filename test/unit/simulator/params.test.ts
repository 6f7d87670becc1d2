// The parameters the simulator accepts are Stripe's: each endpoint's names equal those of
// Stripe's OpenAPI spec for 2024-04-10 (test/fixtures/stripe-openapi), plus only the parameters
// the pinned SDK's types add since (related_customer, related_customer_account).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SPECS } from '../../../main/simulator/params.ts';

interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}
const spec = JSON.parse(
  readFileSync(new URL('../../fixtures/stripe-openapi/identity-subset.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, Operation>> };

function names(path: string, method: 'get' | 'post'): string[] {
  const op = spec.paths[path]?.[method];
  assert.ok(op, `${method} ${path} is in the spec`);
  const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const body = Object.keys(
    op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema?.properties ?? {},
  );
  return [...query, ...body].sort();
}

/** Parameters of the pinned version that the 2024-04-10 spec lacks (from the SDK's parameter types). */
const NEWER = ['related_customer', 'related_customer_account'];

test('each endpoint accepts exactly the parameters Stripe documents', () => {
  const sessions = '/v1/identity/verification_sessions';
  const cases: Array<[keyof typeof SPECS, string[]]> = [
    ['createSession', [...names(sessions, 'post'), ...NEWER]],
    ['listSessions', [...names(sessions, 'get'), ...NEWER]],
    ['updateSession', names(`${sessions}/{session}`, 'post')],
    ['expandOnly', names(`${sessions}/{session}/cancel`, 'post')],
    ['listReports', names('/v1/identity/verification_reports', 'get')],
    ['listEvents', names('/v1/events', 'get')],
  ];
  for (const [endpoint, expected] of cases) {
    assert.deepEqual(Object.keys(SPECS[endpoint]).sort(), expected.sort(), endpoint);
  }
});
