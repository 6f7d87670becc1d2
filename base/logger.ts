/**
 * The one logger of the three programs (the app's main process, the hub, the simulator's CLI):
 * leveled lines with a scope and key=value fields, every one of them passed through `redact()`
 * before it reaches a sink. No dependencies, no Node APIs: the Electron side
 * (main/shell/logging.ts) plugs electron-log in as the sink, the hub writes JSON lines
 * (hub/src/log.ts), tests record lines in memory.
 *
 * A line reads `scope: message key=value key2="two words"`. A support person reads these files,
 * so they must never hold the Stripe key, a client_secret, a hosted url or a customer's personal
 * data. Callers are expected not to log those at all; `redact` is the net under them.
 */

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  /** Detail an operator turns on when looking into something (each HTTP request of the hub). */
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry this scope (e.g. 'watcher', 'outbox', 'ipc'). */
  child(scope: string): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

// --- redaction -------------------------------------------------------------------------------

const marker = (kind: string) => `[redacted:${kind}]`;

// Not preceded by a letter or digit: `key=sk_live_…`, `"sk_live_…"`, `Bearer sk_live_…` and
// `api_sk_live_…` all match; `task_live_x` does not. A masked key (`sk_test_…abcd`) has no
// alphanumeric right after the prefix and stays readable.
const STRIPE_KEY = /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]+|(?<![A-Za-z0-9])whsec_[A-Za-z0-9]+/g;
// A hub's station token (contract/hub-api.ts STATION_TOKEN_PREFIX) is a key too.
const STATION_TOKEN = /(?<![A-Za-z0-9])cs_station_[A-Za-z0-9_-]+/g;
// HTTP credentials, whatever they wrap (Basic is the key in base64).
const AUTH_HEADER = /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{8,}/gi;
// Stripe's `vs_…_secret_live_…` and the simulator's `vs_…_secret_…`: the object id stays (it
// is how support finds the session), the secret after it goes.
const CLIENT_SECRET = /(?<![A-Za-z0-9])([a-z]{2,6}_[A-Za-z0-9]+)_secret_[A-Za-z0-9_-]+/g;
// A value under a secret-holding name, as JSON (plain or escaped once) or as key=value.
const SECRET_NAMES = 'client_secret|ephemeral_key_secret|token|password|secret|api_key|authorization';
const SECRET_JSON = new RegExp(
  `(\\\\?"(?:${SECRET_NAMES})\\\\?"\\s*:\\s*)(\\\\?")(?:[^"\\\\]|\\\\(?!"))*\\2`,
  'gi',
);
const SECRET_PAIR = new RegExp(`(?<![A-Za-z0-9_])((?:${SECRET_NAMES})=)(?:"[^"]*"|[^\\s&"',;]+)`, 'gi');

// Any http(s) URL; what to keep of it is decided per URL (redactUrl). Percent-encoded URLs
// (a return_url inside a query string) are dropped whole.
const URL_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>`\\]+/gi;
const ENCODED_URL = /\b(?:https?|wss?)%3A%2F%2F[^\s"'<>&]+/gi;
// Path segments that name a hosted page and the token after it.
const HOSTED_PATH = /^\/(?:start|hosted|session|verify)\//i;
// Ids Stripe prints in paths are not secrets: `vs_…`, `vr_…`, `evt_…`, `acct_…`, `req_…`.
const STRIPE_ID = /^(?:vs|vr|evt|acct|req|cs|pi|cus|ch|file|iar)_[A-Za-z0-9]{8,64}$/;

// Bounded parts (RFC 5321 limits): a long blob without an `@` costs linear time, not quadratic.
const EMAIL =
  /[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;

// Phone numbers. Digits alone are never taken for one (timestamps, counts, sizes, ids): a number
// needs a `+`/`00` country prefix, a national trunk `0`, or the North American 3-3-4 shape.
// Neighbours that make it something else are excluded: a word character or `_` (ids such as
// `vs_0001…`), `.`/`:`/`-` glued to digits (dates, times, IPs, versions).
const PHONE_INTERNATIONAL =
  /(?<![\w+.:/-])(?:\+|00)[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w:]|[.-]\d)/g;
const PHONE_NANP = /(?<![\w.:/+-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w:]|[.-]\d)/g;
const PHONE_NATIONAL =
  /(?<![\w.:/+-])0\d{1,4}(?:[ -]\d{2,8}){1,4}(?![\w:]|[.-]\d)|(?<![\w.:/+-])0[1-9]\d{8,9}(?![\w:]|[.-]\d)/g;

// Verified outputs: a name, a date of birth, an address, an id or document number. They only
// ever appear as JSON fields of Stripe's objects (or key=value), so they are matched by name.
const PERSONAL_NAMES = [
  'first_name',
  'last_name',
  'dob',
  'address',
  'id_number',
  'number',
  'expiration_date',
  'issued_date',
  'email',
  'phone',
  'sex',
  'unparsed_sex',
  'place_of_birth',
  'unparsed_place_of_birth',
  'line1',
  'line2',
  'postal_code',
].join('|');
// "name": "…" | {…flat…} | 123, with the quotes plain or escaped once (JSON inside a string).
const PERSONAL_JSON = new RegExp(
  `(\\\\?"(?:${PERSONAL_NAMES})\\\\?"\\s*:\\s*)` +
    `(?:(\\\\?")(?:[^"\\\\]|\\\\(?!"))*\\2|\\{[^{}]*\\}|-?\\d[\\d.]*)`,
  'g',
);
// As key=value only the unambiguous names: `number=3` or `address=127.0.0.1` are not personal.
const PERSONAL_PAIR_NAMES = 'first_name|last_name|dob|id_number|email|phone|line1|line2|postal_code';
const PERSONAL_PAIR = new RegExp(
  `(?<![A-Za-z0-9_])((?:${PERSONAL_PAIR_NAMES})=)(?:"[^"]*"|[^\\s&"',;]+)`,
  'g',
);
const VERIFIED_OUTPUTS = /\\?"verified_outputs\\?"\s*:\s*\{/g;

function redactUrl(text: string): string {
  // Trailing punctuation belongs to the sentence, not the URL.
  const trail = /[.,;:!?)\]}]+$/.exec(text)?.[0] ?? '';
  const raw = text.slice(0, text.length - trail.length);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const origin = /^[a-z]+:\/\/[^/?#]*/i.exec(raw)?.[0] ?? '';
    return `${origin.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1')}/${marker('url')}${trail}`;
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const tokenLike = (s: string) => s.length >= 16 && /\d/.test(s) && /[A-Za-z]/.test(s) && !STRIPE_ID.test(s);
  const sensitive =
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== '' ||
    HOSTED_PATH.test(url.pathname) ||
    segments.some(tokenLike);
  if (!sensitive) return text;
  const origin = url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  return `${origin}/${marker('url')}${trail}`;
}

/** Replaces a `"verified_outputs": {…}` object, nested braces and all, with a marker. */
function redactVerifiedOutputs(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(VERIFIED_OUTPUTS)) {
    const start = match.index;
    if (start < from) continue;
    let depth = 0;
    let inString = false;
    let end = text.length; // unbalanced (a cut line): everything after it goes
    for (let i = start + match[0].length - 1; i < text.length; i += 1) {
      const c = text[i];
      if (c === '\\') {
        // An escaped quote inside a string, or the escaped quotes of JSON-in-a-string.
        if (inString && text[i + 1] !== '"') i += 1;
        else if (text[i + 1] === '"') {
          inString = !inString;
          i += 1;
        }
        continue;
      }
      if (c === '"') inString = !inString;
      else if (!inString && c === '{') depth += 1;
      else if (!inString && c === '}') {
        depth -= 1;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    const key = match[0].slice(0, match[0].indexOf(':') + 1);
    const quote = key.startsWith('\\') ? '\\"' : '"';
    out += `${text.slice(from, start)}${key}${quote}${marker('personal')}${quote}`;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * The one redaction step: every log line passes through it. Replaces Stripe keys, credentials,
 * client secrets, hosted-flow URLs (the origin stays), email addresses, phone numbers and
 * verified personal data with `[redacted:<kind>]`. Ids (`vs_…`), codes, timestamps and
 * durations are left alone. Idempotent: redacting twice changes nothing more.
 */
export function redact(text: string): string {
  if (typeof text !== 'string') return '';
  let out = text;
  // URLs first: a key or token in a query string goes with the URL, origin kept.
  out = out.replace(ENCODED_URL, marker('url'));
  out = out.replace(URL_TEXT, redactUrl);
  out = out.replace(STRIPE_KEY, marker('key'));
  out = out.replace(STATION_TOKEN, marker('key'));
  out = out.replace(AUTH_HEADER, (_m, scheme: string) => `${scheme} ${marker('credential')}`);
  out = out.replace(CLIENT_SECRET, (_m, id: string) => `${id}_${marker('client_secret')}`);
  out = out.replace(SECRET_JSON, (_m, key: string, q: string) => `${key}${q}${marker('secret')}${q}`);
  out = out.replace(SECRET_PAIR, (_m, key: string) => `${key}${marker('secret')}`);
  out = redactVerifiedOutputs(out);
  out = out.replace(PERSONAL_JSON, (_m, key: string, q: string | undefined) => {
    const quote = q ?? (key.startsWith('\\') ? '\\"' : '"');
    return `${key}${quote}${marker('personal')}${quote}`;
  });
  out = out.replace(PERSONAL_PAIR, (_m, key: string) => `${key}${marker('personal')}`);
  if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL, marker('email'));
  out = out.replace(PHONE_INTERNATIONAL, (m) => (digitCount(m) >= 8 ? marker('phone') : m));
  out = out.replace(PHONE_NANP, marker('phone'));
  out = out.replace(PHONE_NATIONAL, (m) => (digitCount(m) >= 9 && digitCount(m) <= 12 ? marker('phone') : m));
  return out;
}

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

// --- loggers ---------------------------------------------------------------------------------

/** One line per entry: control characters would let a message forge the next line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  // Bare when unambiguous; quoted (JSON) when it has spaces, quotes, `=` or is empty.
  return /^[^\s"'=\\]+$/.test(value) ? oneLine(value) : oneLine(JSON.stringify(value));
}

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [rawKey, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const key = rawKey.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || '_';
    out += ` ${key}=${formatValue(value)}`;
  }
  return out;
}

function cleanScope(scope: string): string {
  return scope.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}

/** Formats `scope: message key=value …`, passes every line through `redact`, hands it to `sink`. */
export function createLogger(sink: (level: LogLevel, line: string) => void, scope?: string): Logger {
  const prefix = scope ? `${cleanScope(scope)}: ` : '';
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    try {
      sink(level, redact(`${prefix}${oneLine(String(message))}${formatFields(fields)}`));
    } catch {
      // A failing sink (a full disk) must not change what the app does.
    }
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (name) => createLogger(sink, scope ? `${scope}.${name}` : name),
  };
}

/** For tests: each entry as `<level> <line>`, e.g. `warn outbox: send failed code=rate_limit`. */
export function createRecordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger((level, line) => lines.push(`${level} ${line}`)),
    { lines },
  );
}

/** Drops everything: for hosts that have nowhere to write. */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
});

// --- JSON lines ------------------------------------------------------------------------------

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Names a line's own keys take; a field of the same name is written as `field_<name>`. */
const RESERVED_KEYS = new Set(['level', 'time', 'scope', 'msg']);

export interface JsonLoggerOptions {
  /** Lines below this level are dropped; default `info`. */
  level?: LogLevel;
  /** The clock of `time` (ISO 8601); default the system's. */
  now?: () => number;
}

/**
 * One JSON object per line — `{"level","time","scope","msg",…fields}` — for servers whose logs a
 * collector reads (the hub). Every string (message, scope, field values) passes through `redact`
 * first; field names are cleaned as in `createLogger`. JSON escapes control characters, so a
 * value cannot forge another line.
 */
export function createJsonLogger(
  write: (line: string) => void,
  options: JsonLoggerOptions = {},
  scope?: string,
): Logger {
  const min = LEVEL_ORDER[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVEL_ORDER[level] < min) return;
    try {
      const line: Record<string, string | number | boolean | null> = {
        level,
        time: new Date(now()).toISOString(),
      };
      if (scope) line.scope = cleanScope(scope);
      line.msg = redact(String(message));
      for (const [rawKey, value] of Object.entries(fields ?? {})) {
        if (value === undefined) continue;
        const clean = rawKey.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || '_';
        const key = RESERVED_KEYS.has(clean) ? `field_${clean}` : clean;
        line[key] = typeof value === 'string' ? redact(value) : value;
      }
      write(JSON.stringify(line));
    } catch {
      // A failing sink (a closed pipe) must not change what the server does.
    }
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (name) => createJsonLogger(write, options, scope ? `${scope}.${name}` : name),
  };
}

/** Whether `value` names a level (for a `LOG_LEVEL`-style setting). */
export const isLogLevel = (value: unknown): value is LogLevel =>
  typeof value === 'string' && Object.hasOwn(LEVEL_ORDER, value);
