/**
 * ICU messages, the part the catalogues use: text, `{name}`, `{name, number}`,
 * `{name, select, …}` and `{name, plural, [offset:n] =n {…} one {…} other {…}}` with `#`, nested,
 * and ICU's apostrophe quoting ('' is one apostrophe; '{…}' is literal text). A message is
 * parsed once and formatted with `Intl` in the page's locale. Anything else (date, time,
 * selectordinal, number styles, tags) is refused when the message is compiled; the catalogue test
 * compiles every message and compares the result with intl-messageformat's for each of them
 * (test/unit/renderer/shared/i18n-icu.test.ts), so a catalogue cannot use what this does not say.
 *
 * Formatting follows intl-messageformat: a plain `{name}` is the value as text (a number is not
 * localised there; `{name, number}` is); a missing value, or a select without a matching option
 * and no `other`, throws (the caller shows the message as written).
 */
type Options = Record<string, Message>;
type Node =
  | string
  | { kind: 'argument'; name: string }
  | { kind: 'number'; name: string }
  | { kind: 'pound' }
  | { kind: 'select'; name: string; options: Options }
  | { kind: 'plural'; name: string; offset: number; options: Options };
export type Message = readonly Node[];
export type Values = Readonly<Record<string, unknown>>;

export class IcuSyntaxError extends Error {}

const SPACE = /\s/;
const NAME_END = /[\s,{}]/;

class Parser {
  #at = 0;
  constructor(readonly text: string) {}

  /** A message up to the end, or up to the `}` that closes the option it is in. */
  message(inPlural: boolean, nested: boolean): Node[] {
    const nodes: Node[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') nodes.push(literal);
      literal = '';
    };
    while (this.#at < this.text.length) {
      const c = this.text[this.#at]!;
      if (c === '}' && nested) break;
      if (c === '{') {
        flush();
        nodes.push(this.argument());
      } else if (c === '#' && inPlural) {
        flush();
        nodes.push({ kind: 'pound' });
        this.#at++;
      } else if (c === "'") {
        literal += this.quoted(inPlural);
      } else {
        literal += c;
        this.#at++;
      }
    }
    flush();
    return nodes;
  }

  /** An apostrophe: '' is one; before a special character it opens literal text up to the next lone one. */
  quoted(inPlural: boolean): string {
    const next = this.text[this.#at + 1];
    if (next === "'") {
      this.#at += 2;
      return "'";
    }
    const special =
      next === '{' || next === '}' || next === '<' || next === '>' || (next === '#' && inPlural);
    this.#at++;
    if (!special) return "'";
    let out = '';
    while (this.#at < this.text.length) {
      const c = this.text[this.#at]!;
      if (c === "'") {
        if (this.text[this.#at + 1] === "'") {
          out += "'";
          this.#at += 2;
          continue;
        }
        this.#at++;
        break;
      }
      out += c;
      this.#at++;
    }
    return out;
  }

  argument(): Node {
    this.#at++; // {
    const name = this.word();
    if (name === '') throw this.error('an argument without a name');
    this.skipSpace();
    if (this.eat('}')) return { kind: 'argument', name };
    this.expect(',');
    const type = this.word();
    this.skipSpace();
    if (type === 'number') {
      this.expect('}');
      return { kind: 'number', name };
    }
    if (type !== 'select' && type !== 'plural') throw this.error(`the argument type "${type}"`);
    this.expect(',');
    let offset = 0;
    this.skipSpace();
    if (this.text.startsWith('offset:', this.#at)) {
      this.#at += 'offset:'.length;
      offset = Number(this.word());
      if (!Number.isInteger(offset)) throw this.error('an offset that is not a whole number');
    }
    const options: Options = {};
    for (;;) {
      this.skipSpace();
      if (this.eat('}')) break;
      const selector = this.word();
      if (selector === '') throw this.error('an option without a selector');
      this.skipSpace();
      this.expect('{');
      options[selector] = this.message(type === 'plural', true);
      this.expect('}');
    }
    if (!('other' in options)) throw this.error(`a ${type} without "other"`);
    return type === 'plural' ? { kind: 'plural', name, offset, options } : { kind: 'select', name, options };
  }

  word(): string {
    this.skipSpace();
    const start = this.#at;
    while (this.#at < this.text.length && !NAME_END.test(this.text[this.#at]!)) this.#at++;
    return this.text.slice(start, this.#at);
  }

  skipSpace(): void {
    while (this.#at < this.text.length && SPACE.test(this.text[this.#at]!)) this.#at++;
  }

  eat(c: string): boolean {
    if (this.text[this.#at] !== c) return false;
    this.#at++;
    return true;
  }

  expect(c: string): void {
    this.skipSpace();
    if (!this.eat(c)) throw this.error(`"${c}" expected`);
  }

  error(what: string): IcuSyntaxError {
    return new IcuSyntaxError(`ICU: ${what} at ${this.#at} in "${this.text}"`);
  }

  done(): boolean {
    return this.#at >= this.text.length;
  }
}

/** Parses a message; throws IcuSyntaxError on anything the catalogues may not use. */
export function parseMessage(text: string): Message {
  const parser = new Parser(text);
  const nodes = parser.message(false, false);
  if (!parser.done()) throw parser.error('an unmatched "}"');
  return nodes;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}

function pluralRule(locale: string): Intl.PluralRules {
  let rule = pluralRules.get(locale);
  if (!rule) pluralRules.set(locale, (rule = new Intl.PluralRules(locale)));
  return rule;
}

function valueOf(values: Values, name: string): unknown {
  if (!Object.hasOwn(values, name)) throw new Error(`ICU: no value for "${name}"`);
  return values[name];
}

/** The message in words, with `values` put in. Throws on a missing value. */
export function formatMessage(message: Message, locale: string, values: Values, pound?: number): string {
  let out = '';
  for (const node of message) {
    if (typeof node === 'string') {
      out += node;
      continue;
    }
    if (node.kind === 'pound') {
      if (pound !== undefined) out += numberFormat(locale).format(pound);
      continue;
    }
    const value = valueOf(values, node.name);
    if (node.kind === 'argument') {
      out +=
        typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
          ? String(value)
          : '';
    } else if (node.kind === 'number') {
      out += numberFormat(locale).format(value as number);
    } else if (node.kind === 'select') {
      const key = String(value);
      const option = Object.hasOwn(node.options, key) ? node.options[key] : node.options.other;
      out += formatMessage(option!, locale, values);
    } else if (node.kind === 'plural') {
      const n = Number(value) - node.offset;
      const exact = `=${String(value)}`;
      const rule = pluralRule(locale).select(n);
      const option = Object.hasOwn(node.options, exact)
        ? node.options[exact]
        : Object.hasOwn(node.options, rule)
          ? node.options[rule]
          : node.options.other;
      out += formatMessage(option!, locale, values, n);
    }
  }
  return out;
}
