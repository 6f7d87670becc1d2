/**
 * The catalogues are complete and honest: every namespace has the same keys in every language
 * (the failure names the missing key), every message is valid ICU with the same arguments in
 * every language, every key the code uses exists, and every key in a catalogue is used by the
 * code — either as a literal `t('key')` in renderer/src, or through one of the key tables the
 * code declares (one file per part: renderer/src/shared/i18n/key-tables.ts,
 * renderer/src/staff/i18n-key-tables.ts, renderer/src/customer/i18n-key-tables.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import IntlMessageFormat from 'intl-messageformat';
import { ERROR_TEXT_IDS, errorTextParamNames } from '../../../contract/error-messages.ts';
import { pickCatalogueParts } from '../../../electron.vite.config.ts';
import { LANGUAGE_TAGS, LANGUAGES } from '../../../contract/languages.ts';
import { allCatalogues, NAMESPACES, type Namespace } from '../../../renderer/src/shared/i18n/catalogues.ts';
import * as CUSTOMER_KEY_TABLES from '../../../renderer/src/customer/i18n-key-tables.ts';
import * as SHARED_KEY_TABLES from '../../../renderer/src/shared/i18n/key-tables.ts';
import * as STAFF_KEY_TABLES from '../../../renderer/src/staff/i18n-key-tables.ts';

const KEY_TABLES = { ...SHARED_KEY_TABLES, ...STAFF_KEY_TABLES, ...CUSTOMER_KEY_TABLES };
const CATALOGUES = await allCatalogues();
const files = sourceFiles(fileURLToPath(new URL('../../../renderer/src/', import.meta.url)));

const SRC = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));

/** `{a: {b: 'x'}}` → `[['a.b', 'x']]`; a value that is not a string or an object is an error. */
function flatten(catalogue: unknown, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(catalogue as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push([key, v]);
    else if (v !== null && typeof v === 'object') out.push(...flatten(v, key));
    else throw new Error(`${key} is neither a message nor a group`);
  }
  return out;
}

/** The argument names of an ICU message (plural/select/number/date arguments included). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  type Node = {
    type: number;
    value?: unknown;
    options?: Record<string, { value: Node[] }>;
    children?: Node[];
  };
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (intl-messageformat's TYPE).
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as Node[]);
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/**
 * Literal keys in the code, as `namespace:key`. A key written `ns:key` names its namespace; a
 * bare key belongs to the file's namespace, the first one its `useTranslation(…)` names (as
 * i18next reads it), or `common`, the default namespace, in a file without one.
 */
function literalKeys(source: string): string[] {
  const own = /useTranslation\(\s*\[?\s*['"]([a-z]+)['"]/.exec(source)?.[1] ?? 'common';
  const keys: string[] = [];
  for (const match of source.matchAll(/\bt\(\s*(['"])([^'"\n]+)\1/g)) {
    const key = match[2]!;
    keys.push(key.includes(':') ? key : `${own}:${key}`);
  }
  return keys;
}

/** Every value of every declared key table, as `namespace:key`. */
function tableKeys(): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(KEY_TABLES);
  return out;
}

const messages = (language: (typeof LANGUAGES)[number], ns: Namespace) =>
  new Map(flatten(CATALOGUES[language][ns]));

describe('i18n catalogues', () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: every language has the same keys`, () => {
      const [first, ...others] = LANGUAGES;
      const reference = messages(first, ns);
      for (const language of others) {
        const other = messages(language, ns);
        for (const key of reference.keys()) {
          assert.ok(other.has(key), `${language}/${ns}.json is missing "${key}" (in ${first})`);
        }
        for (const key of other.keys()) {
          assert.ok(reference.has(key), `${first}/${ns}.json is missing "${key}" (in ${language})`);
        }
      }
    });

    it(`${ns}: every message is valid ICU, with the same arguments in every language`, () => {
      for (const [key, text] of messages('en', ns)) {
        const args = argumentsOf(text, LANGUAGE_TAGS.en);
        for (const language of LANGUAGES) {
          const translated = messages(language, ns).get(key);
          if (translated === undefined) continue; // reported by the test above
          assert.ok(translated.trim() !== '', `${language}/${ns}.json "${key}" is empty`);
          let found: string[] = [];
          assert.doesNotThrow(() => {
            found = argumentsOf(translated, LANGUAGE_TAGS[language]);
          }, `${language}/${ns}.json "${key}" is not valid ICU`);
          assert.deepEqual(found, args, `${language}/${ns}.json "${key}": arguments differ from English`);
        }
      }
    });
  }

  const used = new Map<string, string>();
  for (const file of files) {
    for (const key of literalKeys(readFileSync(file, 'utf8'))) used.set(key, relative(SRC, file));
  }
  for (const key of tableKeys()) used.set(key, 'a key table');

  it('every key the code uses exists in every language', () => {
    for (const [qualified, where] of used) {
      const [ns, key] = qualified.split(':') as [Namespace, string];
      assert.ok(
        (NAMESPACES as readonly string[]).includes(ns),
        `${where}: unknown namespace in "${qualified}"`,
      );
      for (const language of LANGUAGES) {
        assert.ok(messages(language, ns).has(key), `${where} uses "${qualified}", missing in ${language}`);
      }
    }
  });

  it('every key in the catalogues is used by the code', () => {
    for (const ns of NAMESPACES) {
      for (const key of messages('en', ns).keys()) {
        assert.ok(used.has(`${ns}:${key}`), `${ns}.json "${key}" is used nowhere in renderer/src`);
      }
    }
  });

  it('every core error text id has its message, with exactly the params the contract gives it', () => {
    for (const id of ERROR_TEXT_IDS) {
      const key = KEY_TABLES.ERROR_MESSAGE_KEYS[id].replace(/^common:/, '');
      for (const language of LANGUAGES) {
        const text = messages(language, 'common').get(key);
        assert.ok(text !== undefined, `${language}/common.json is missing "${key}"`);
        assert.deepEqual(
          argumentsOf(text, LANGUAGE_TAGS[language]),
          errorTextParamNames(id),
          `${language}/common.json "${key}": arguments differ from the contract's params`,
        );
      }
    }
  });

  it('the scan itself finds keys in each form the code writes them', () => {
    assert.deepEqual(
      literalKeys(`const { t } = useTranslation('staff'); t('a.b'); t("c"); t('common:d'); split('x')`),
      ['staff:a.b', 'staff:c', 'common:d'],
    );
    assert.deepEqual(literalKeys(`useTranslation(['kiosk', 'common']); t('x')`), ['kiosk:x']);
    assert.deepEqual(literalKeys(`i18n.t('e')`), ['common:e']);
  });
});

/**
 * The customer window fetches only the parts of the catalogues it says
 * (renderer/src/customer/customer-catalogues.ts, cut at build time by electron.vite.config.ts).
 * Every key its own code and shared/ say must be in those parts, in every language: a key left
 * out would show as its name on the customer's screen.
 */
describe('i18n: the customer window’s catalogue parts', () => {
  const source = readFileSync(join(SRC, 'customer/customer-catalogues.ts'), 'utf8');
  const specs = new Map<string, Map<Namespace, string[] | 'whole'>>();
  for (const m of source.matchAll(/'catalogue-slice:(\w+)\/(\w+)\?([\w.*,]+)'/g)) {
    const parts = specs.get(m[1]!) ?? new Map();
    specs.set(m[1]!, parts.set(m[2] as Namespace, m[3]!.split(',')));
  }
  for (const m of source.matchAll(/'\.\.\/shared\/i18n\/locales\/(\w+)\/(\w+)\.json'/g)) {
    const parts = specs.get(m[1]!) ?? new Map();
    specs.set(m[1]!, parts.set(m[2] as Namespace, 'whole'));
  }

  /** What the customer window says: its literal keys, shared/'s, its tables and the guidance for customers. */
  const said = new Set<string>();
  for (const file of files.filter((f) => /^(customer|shared)\//.test(relative(SRC, f)))) {
    for (const key of literalKeys(readFileSync(file, 'utf8'))) said.add(key);
  }
  const walk = (value: unknown) => {
    if (typeof value === 'string') said.add(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(CUSTOMER_KEY_TABLES);
  for (const keys of Object.values(SHARED_KEY_TABLES.GUIDANCE_KEYS)) {
    said.add(keys.title);
    said.add(keys.customer);
  }

  it('names the same parts in every language', () => {
    assert.deepEqual([...specs.keys()].sort(), [...LANGUAGES].sort());
    const [first, ...others] = LANGUAGES;
    for (const language of others) assert.deepEqual(specs.get(language), specs.get(first));
  });

  for (const language of LANGUAGES) {
    it(`${language}: every key the customer window says is in the parts it fetches`, () => {
      const view = new Map<Namespace, Map<string, string>>();
      for (const [ns, parts] of specs.get(language) ?? []) {
        const catalogue = CATALOGUES[language][ns];
        view.set(ns, new Map(flatten(parts === 'whole' ? catalogue : pickCatalogueParts(catalogue, parts))));
      }
      assert.ok(said.size > 40, `the scan sees the customer's keys (${said.size})`);
      for (const qualified of said) {
        const [ns, key] = qualified.split(':') as [Namespace, string];
        assert.ok(
          view.get(ns)?.has(key),
          `the customer window says "${qualified}", not in its ${language} parts`,
        );
      }
    });
  }

  it('a part that names no message fails the build', () => {
    assert.deepEqual(pickCatalogueParts({ a: { x: { t: '1', s: '2' } }, b: 'B' }, ['a.*.t', 'b']), {
      a: { x: { t: '1' } },
      b: 'B',
    });
    assert.throws(() => pickCatalogueParts({ a: {} }, ['a.missing']), /names nothing/);
  });
});
