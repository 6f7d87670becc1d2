/**
 * The renderer's ICU formatter (renderer/src/shared/i18n/icu.ts) says every message of every
 * catalogue exactly as intl-messageformat does (the reference implementation, used here only),
 * for each value its arguments can take: every select option and `other`, plural counts around
 * each exact and category boundary, numbers that group. A catalogue message that uses ICU the
 * formatter does not know fails here, before a window shows it as written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import IntlMessageFormat from 'intl-messageformat';
import { LANGUAGE_TAGS, LANGUAGES } from '../../../../contract/languages.ts';
import { allCatalogues, NAMESPACES } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import {
  formatMessage,
  IcuSyntaxError,
  parseMessage,
  type Values,
} from '../../../../renderer/src/shared/i18n/icu.ts';

const CATALOGUES = await allCatalogues();

function flatten(catalogue: unknown, prefix = ''): Array<[string, string]> {
  return Object.entries(catalogue as Record<string, unknown>).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [[key, v] as [string, string]] : flatten(v, key);
  });
}

interface Argument {
  name: string;
  /** 1 argument, 2 number, 5 select, 6 plural (intl-messageformat's TYPE). */
  type: number;
  options: string[];
}

type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }> };

function argumentsOf(message: string, locale: string): Map<string, Argument> {
  const found = new Map<string, Argument>();
  const walk = (nodes: AstNode[]) => {
    for (const node of nodes) {
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') {
        const seen = found.get(node.value);
        const options = Object.keys(node.options ?? {});
        if (!seen || node.type > seen.type)
          found.set(node.value, { name: node.value, type: node.type, options });
      }
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as AstNode[]);
  return found;
}

/** The values worth trying for one argument. */
function samples(arg: Argument): unknown[] {
  if (arg.type === 5) return [...arg.options.filter((o) => o !== 'other'), 'something_else'];
  if (arg.type === 6) {
    const exact = arg.options.filter((o) => o.startsWith('=')).map((o) => Number(o.slice(1)));
    return [...new Set([0, 1, 2, 3, 5, 11, 21, 1200, ...exact, ...exact.map((n) => n + 1)])];
  }
  if (arg.type === 2) return [0, 7, 1234.5, 1200000];
  return ['Mio 2', 42];
}

/** All-defaults, then each argument through its samples with the others at their first. */
function valueSets(args: Map<string, Argument>): Values[] {
  const base: Record<string, unknown> = {};
  for (const arg of args.values()) base[arg.name] = samples(arg)[0];
  const sets: Values[] = [base];
  for (const arg of args.values()) for (const v of samples(arg)) sets.push({ ...base, [arg.name]: v });
  return sets;
}

const reference = (message: string, locale: string, values: Values) =>
  String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(values as never));

describe('ICU: the renderer says every catalogue message as intl-messageformat does', () => {
  for (const language of LANGUAGES) {
    for (const ns of NAMESPACES) {
      it(`${language}/${ns}.json`, () => {
        const locale = LANGUAGE_TAGS[language];
        let checked = 0;
        for (const [key, text] of flatten(CATALOGUES[language][ns])) {
          const message = parseMessage(text);
          for (const values of valueSets(argumentsOf(text, locale))) {
            assert.equal(
              formatMessage(message, locale, values),
              reference(text, locale, values),
              `${language}/${ns}.json "${key}" with ${JSON.stringify(values)}`,
            );
            checked++;
          }
        }
        assert.ok(checked > 10);
      });
    }
  }
});

describe('ICU: the syntax, edge by edge', () => {
  const say = (text: string, values: Values = {}, locale = 'en-GB') => {
    const mine = formatMessage(parseMessage(text), locale, values);
    assert.equal(mine, reference(text, locale, values), text);
    return mine;
  };

  it('text, arguments and numbers', () => {
    assert.equal(say('Plain text, no arguments.'), 'Plain text, no arguments.');
    assert.equal(
      say('Order {ref}: {n}', { ref: 'A1', n: 1200 }),
      'Order A1: 1200',
      'a plain argument is not localised',
    );
    assert.equal(say('{n, number} queued', { n: 1200 }), '1,200 queued');
    assert.equal(say('{ n , number }', { n: 3 }, 'ja-JP'), '3');
    assert.equal(say('{a}{b}', { a: '', b: 0 }), '0');
    assert.equal(say('a } stays'), 'a } stays');
  });

  it('apostrophes: doubled, quoting specials, or plain', () => {
    assert.equal(say("it''s"), "it's");
    assert.equal(say("it's plain"), "it's plain");
    assert.equal(say("'{literal}' braces"), '{literal} braces');
    assert.equal(say("a '{' b"), 'a { b');
    assert.equal(say("{n, plural, other {'#' is # here}}", { n: 2 }), '# is 2 here');
    assert.equal(say("'#' outside a plural"), "'#' outside a plural");
    assert.equal(say("'{it''s}'"), "{it's}");
  });

  it('select and plural, nested, exact matches first, # in plural options only', () => {
    const pin =
      'Try again in {unit, select, minutes {{wait, plural, one {# minute} other {# minutes}}} other {{wait, plural, one {# second} other {# seconds}}}}.';
    assert.equal(say(pin, { unit: 'minutes', wait: 1 }), 'Try again in 1 minute.');
    assert.equal(say(pin, { unit: 'seconds', wait: 30 }), 'Try again in 30 seconds.');
    const left = '{count, plural, =0 {None} =1 {Last one} one {# left} other {# left}}';
    assert.equal(say(left, { count: 0 }), 'None');
    assert.equal(say(left, { count: 1 }), 'Last one');
    assert.equal(say(left, { count: 1200 }), '1,200 left');
    assert.equal(
      say('{n, plural, other {{s, select, a {# inside a select} other {x}}}}', { n: 5, s: 'a' }),
      '# inside a select',
    );
    assert.equal(
      say('{n, plural, offset:1 =0 {nobody} one {you and # other} other {you and # others}}', { n: 3 }),
      'you and 2 others',
    );
    assert.equal(say('{n, plural, one {# 件} other {# 件}}', { n: 3 }, 'ja-JP'), '3 件');
  });

  it('refuses what it does not say, and throws on a missing value as the reference does', () => {
    for (const text of [
      '{when, date, short}',
      '{n, selectordinal, one {#st} other {#th}}',
      '{n, number, percent}',
      '{n, plural, one {x}}',
      '{unclosed',
      '{}',
      '{n, plural, one {x} other {y}',
    ]) {
      assert.throws(() => parseMessage(text), IcuSyntaxError, text);
    }
    assert.throws(() => formatMessage(parseMessage('Hello {name}'), 'en-GB', {}));
    assert.throws(() => reference('Hello {name}', 'en-GB', {}));
  });
});
