/**
 * Every `last_error.code` in Stripe's spec (gelato_session_last_error) has its own words for the
 * customer and for staff: none falls through to the generic text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FALLBACK_GUIDANCE, guidanceFor, KNOWN_ERROR_CODES } from '../../renderer/src/guidance.ts';

const spec = JSON.parse(
  readFileSync(new URL('../fixtures/stripe-openapi/identity-subset.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, { properties: { code: { enum: string[] } } }> } };
const codes = spec.components.schemas.gelato_session_last_error!.properties.code.enum;

describe('renderer guidance for last_error codes', () => {
  for (const code of codes) {
    it(`${code} has its own customer and staff text`, () => {
      const g = guidanceFor(code);
      assert.notEqual(g, FALLBACK_GUIDANCE);
      for (const text of [g.title, g.customer, g.staff]) {
        assert.ok(text.length > 10 && text.length < 200, `${code}: ${text}`);
        // Plain words: no machine codes or underscores shown to a person.
        assert.doesNotMatch(text, /_/);
      }
      // The customer always learns what to do next.
      assert.match(g.customer, /try again|ask a member of staff|start again|continue/i);
    });
  }

  it('knows no code Stripe does not have', () => {
    assert.deepEqual(
      KNOWN_ERROR_CODES.filter((c) => !codes.includes(c)),
      [],
    );
  });

  it('falls back for unknown, empty and prototype names', () => {
    for (const code of [null, undefined, '', 'new_stripe_code', '__proto__', 'constructor', 'toString']) {
      assert.equal(guidanceFor(code), FALLBACK_GUIDANCE);
    }
  });
});
