/**
 * Every `last_error.code` in Stripe's spec (gelato_session_last_error) has its own words for the
 * customer and for staff, in every language: none falls through to the generic text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { LANGUAGES } from '../../../../contract/languages.ts';
import {
  GUIDANCE_KEYS,
  guidanceFor,
  guidanceKeys,
  KNOWN_ERROR_CODES,
} from '../../../../renderer/src/shared/last-error-guidance.ts';
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

const spec = JSON.parse(
  readFileSync(new URL('../../../fixtures/stripe-openapi/identity-subset.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, { properties: { code: { enum: string[] } } }> } };
const codes = spec.components.schemas.gelato_session_last_error!.properties.code.enum;

/** The customer always learns what to do next, in the words a native speaker would use. */
const NEXT_STEP = {
  en: /try again|ask a member of staff|start again|continue/i,
  ja: /もう一度お試し(ください|いただ)|スタッフにお声がけください/,
} as const;

describe('renderer guidance for last_error codes', () => {
  after(() => applyLanguage('en'));
  for (const language of LANGUAGES) {
    for (const code of codes) {
      it(`${language}: ${code} has its own customer and staff text`, async () => {
        await applyLanguage(language);
        const g = guidanceFor(code);
        const fallback = guidanceFor(null);
        assert.notEqual(g.customer, fallback.customer);
        for (const text of [g.title, g.customer, g.staff]) {
          assert.ok(text.length > 5 && text.length < 200, `${code}: ${text}`);
          // Plain words: no machine codes, underscores or unresolved keys shown to a person.
          assert.doesNotMatch(text, /_|guidance\./);
        }
        assert.match(g.customer, NEXT_STEP[language]);
        if (language === 'ja') {
          // Polite customer Japanese: every sentence ends in です/ます form.
          for (const sentence of g.customer.split('。').filter((s) => s.trim() !== '')) {
            assert.match(sentence, /(です|ます|ません|ました|ください|でした)$/, `${code}: ${sentence}`);
          }
        }
      });
    }
  }

  it('the code list is Stripe’s, no more and no less', async () => {
    assert.deepEqual([...KNOWN_ERROR_CODES].sort(), [...codes].sort());
    assert.deepEqual(Object.keys(GUIDANCE_KEYS).sort(), [...codes, 'fallback'].sort());
  });

  it('falls back for unknown, empty and prototype names', async () => {
    for (const code of [null, undefined, '', 'new_stripe_code', '__proto__', 'constructor', 'toString']) {
      assert.equal(guidanceKeys(code), GUIDANCE_KEYS.fallback);
    }
  });
});
