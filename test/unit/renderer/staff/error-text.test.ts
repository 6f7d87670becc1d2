/**
 * The core's errors carry their text as an id with params (contract/error-messages.ts), and a
 * window says every one of them in every language, its params put in, with exactly the params
 * the contract gives the id: no id falls through to a key, a raw param or English on a Japanese
 * console. An id or params a window does not know give the code's general text, never a mix.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import IntlMessageFormat from 'intl-messageformat';
import { z } from 'zod';
import {
  ERROR_TEXT_IDS,
  ERROR_TEXT_PARAMS,
  errorTextParamNames,
  errorTextSchema,
  fieldProblemText,
  type ErrorText,
  type ErrorTextId,
} from '../../../../contract/error-messages.ts';
import { CountersignError, toErrorPayload } from '../../../../contract/errors.ts';
import { LANGUAGE_TAGS, LANGUAGES } from '../../../../contract/languages.ts';
import {
  allCatalogues,
  NAMESPACES,
  windowCatalogues,
} from '../../../../renderer/src/shared/i18n/catalogues.ts';

const CATALOGUES = await allCatalogues();
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { describeError, ERROR_MESSAGE_KEYS } from '../../../../renderer/src/staff/error-text.ts';
import { localError } from '../../../../renderer/src/shared/local-error.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

const HOST = 'hub.example.com:8443';

/**
 * Every text an id can say: each value of a reason, a small and a larger number, a host. A param
 * of a kind this does not know fails the schema below, so a new kind must be added here.
 */
function examples(id: ErrorTextId): ErrorText[] {
  let params: Array<Record<string, unknown>> = [{}];
  for (const [name, schema] of Object.entries(ERROR_TEXT_PARAMS[id].shape as Record<string, z.ZodType>)) {
    const values: unknown[] =
      schema instanceof z.ZodEnum
        ? (schema.options as unknown[])
        : schema instanceof z.ZodNumber
          ? [1, 7, 503]
          : schema instanceof z.ZodString
            ? [HOST]
            : [];
    params = params.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return params
    .filter((p) => errorTextSchema.safeParse({ id, params: p }).success)
    .map((p) => errorTextSchema.parse({ id, params: p }));
}

/** Names and technical words a Japanese console keeps as they are written. */
const KEPT_AS_WRITTEN =
  /Countersign Hub|Countersign|Stripe Identity|Stripe|PIN|HTTP|Linux|gnome-keyring|Secret Service|Webhook|API|Identity|login|https?:\/\/|127\.0\.0\.1|localhost|[sr]k_(test|live)_/g;

function catalogueText(language: (typeof LANGUAGES)[number], id: ErrorTextId): string {
  const [, key] = ERROR_MESSAGE_KEYS[id].split(':') as [string, string];
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      CATALOGUES[language].common,
    ) as string;
}

function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }> };
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as Node[]);
  return [...names].sort();
}

describe('core error texts in the windows', () => {
  after(() => applyLanguage('en'));

  it('every id has an en and a ja text using exactly the params the contract gives it', async () => {
    for (const id of ERROR_TEXT_IDS) {
      for (const language of LANGUAGES) {
        const text = catalogueText(language, id);
        assert.equal(typeof text, 'string', `${language}: error.text.${id} is missing`);
        assert.deepEqual(
          argumentsOf(text, LANGUAGE_TAGS[language]),
          errorTextParamNames(id),
          `${language}: error.text.${id} uses other arguments than the contract's params`,
        );
      }
    }
  });

  for (const language of LANGUAGES) {
    it(`${language}: every id is said with its params put in, in the page's language only`, async () => {
      await applyLanguage(language);
      const byId = new Map<string, string>();
      for (const id of ERROR_TEXT_IDS) {
        const shown = examples(id).map((text) => {
          assert.ok(examples(id).length > 0, id);
          const { message } = describeError({ code: 'invalid_state', message: 'Main says so.', text });
          assert.doesNotMatch(message, /[{}]|error\.text|Main says/, `${language} ${id}: ${message}`);
          assert.ok(message.length > 10 && message.length < 400, `${language} ${id}: ${message}`);
          for (const value of Object.values(text.params)) {
            if (typeof value === 'number' || value === HOST) {
              assert.ok(message.includes(String(value)), `${language} ${id}: ${String(value)} in ${message}`);
            }
          }
          if (language === 'ja') {
            const latin = message
              .replace(HOST, ' ')
              .replace(KEPT_AS_WRITTEN, ' ')
              .match(/[A-Za-z]{2,}/g);
            assert.equal(latin, null, `ja ${id}: no English in ${message}`);
            // Concise, polite staff Japanese: every sentence ends in です/ます form (a note in brackets may follow).
            for (const sentence of message.split('。').filter((s) => s.trim() !== '')) {
              assert.match(
                sentence,
                /(ます|ました|ません|でした|です|ください)(（[^）]*）)?$/,
                `ja ${id}: ${sentence}`,
              );
            }
          }
          return message;
        });
        // Each reason, count or host reads differently: a param is never dropped.
        assert.equal(new Set(shown).size, shown.length, `${language} ${id}: ${shown.join(' | ')}`);
        byId.set(id, shown[0]!);
      }
      assert.equal(new Set(byId.values()).size, ERROR_TEXT_IDS.length, 'no two ids say the same');
    });
  }

  it('the reason a PIN is refused is said in Japanese', async () => {
    await applyLanguage('ja');
    const shown = describeError(
      new CountersignError('invalid_input', 'This PIN is too easy to guess (it is a run of digits).', {
        text: { id: 'pin_too_easy', params: { reason: 'run' } },
      }).toPayload(),
    );
    assert.equal(shown.title, '入力内容に修正が必要です');
    assert.match(shown.message, /^このPINは連続した数字のため、推測されやすく使用できません。/);
  });

  it('an unknown id or bad params give the code’s general text, never the English message', async () => {
    await applyLanguage('ja');
    const general = describeError({ code: 'hub_unreachable', message: '' }).message;
    const odd: unknown[] = [
      { id: 'nope', params: {} },
      { id: 'hub_unreachable', params: {} },
      { id: 'hub_unreachable', params: { host: 'https://hub.example.com/path?token=x' } },
      { id: 'hub_unreachable', params: { host: HOST, extra: 1 } },
      { id: 'pin_too_easy', params: { reason: 'birthday' } },
      'Cannot reach the hub.',
    ];
    for (const text of odd) {
      const shown = describeError({
        code: 'hub_unreachable',
        message: 'Cannot reach the hub.',
        text,
      } as never);
      assert.equal(shown.message, general, JSON.stringify(text));
    }
    await applyLanguage('en');
    const english = describeError({
      code: 'hub_unreachable',
      message: 'Cannot reach the hub.',
      text: { id: 'nope' },
    } as never);
    assert.equal(english.message, 'Cannot reach the hub.', 'an English page keeps the core’s own sentence');
  });

  it('the renderer’s own message is kept; an error without an id keeps the old rule', async () => {
    await applyLanguage('ja');
    assert.equal(
      describeError(localError('invalid_input', 'PINを入力してください。')).message,
      'PINを入力してください。',
    );
    await applyLanguage('en');
    assert.equal(describeError({ code: 'internal', message: 'Main says so.' }).message, 'Main says so.');
  });

  it('the id and params cross as the payload; an untyped error never gets one', async () => {
    const error = new CountersignError('hub_unreachable', 'Cannot reach the hub at h.', {
      text: { id: 'hub_unreachable', params: { host: HOST } },
    });
    assert.deepEqual(toErrorPayload(error), {
      code: 'hub_unreachable',
      message: 'Cannot reach the hub at h.',
      text: { id: 'hub_unreachable', params: { host: HOST } },
    });
    assert.deepEqual(Object.keys(toErrorPayload(new Error('x'))).sort(), ['code', 'message']);
    assert.deepEqual(Object.keys(new CountersignError('internal', 'x').toPayload()).sort(), [
      'code',
      'message',
    ]);
  });

  it('a refused field gets its own text only where its name says what is wrong', async () => {
    assert.deepEqual(fieldProblemText('pin', 'too_small'), { id: 'pin_length', params: { min: 4, max: 8 } });
    assert.deepEqual(fieldProblemText('fastIntervalMs', 'custom'), {
      id: 'settings_fast_slower',
      params: {},
    });
    assert.equal(fieldProblemText('fastIntervalMs', 'too_small'), undefined);
    assert.equal(fieldProblemText('reference', 'custom'), undefined);
  });
});
