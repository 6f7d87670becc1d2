/**
 * The hub's logs: JSON lines on stdout through the shared logger (base/logger.ts), every string
 * redacted there. What is logged: each HTTP request at debug (method, route, status, time),
 * each refusal with its code at info (429, 401 and 403 at warn), every error, and the hub's own
 * events (database connections lost and back, poller and retention rounds, shutdown). Never a
 * body, a header, a token, the Stripe key, a url or a client_secret.
 *
 * Fastify gets `fastifyLogger(logger)` as its `loggerInstance`: its own few lines (a server
 * error it catches, a startup warning) go to the same JSON lines. Its per-request lines are off
 * (`disableRequestLogging`); the hub writes its own in an onResponse hook (server.ts), so what a
 * request line holds is decided here and not by a serializer.
 */
import type { FastifyBaseLogger } from 'fastify';
import { createJsonLogger, isLogLevel, type LogFields, type Logger } from '../../base/logger.ts';

export type { Logger };

/** The hub's logger on stdout at `level` (`HUB_LOG_LEVEL`; default info). */
export function stdoutLogger(level: string | undefined): Logger {
  return createJsonLogger((line) => process.stdout.write(`${line}\n`), {
    level: isLogLevel(level) ? level : 'info',
  }).child('hub');
}

/** What is safe to keep of an error: its class, code and message (redacted by the logger). */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: error.name,
      code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
      reason: error.message.slice(0, 500),
    };
  }
  return { error: typeof error, reason: String(error).slice(0, 200) };
}

/** Pino's call shapes — `(msg)`, `(obj, msg)`, `(err, msg)` — mapped onto a Logger line. */
function pinoCall(write: (message: string, fields?: LogFields) => void) {
  return (first: unknown, second?: unknown): void => {
    if (typeof first === 'string') return write(first);
    const message = typeof second === 'string' ? second : 'fastify';
    if (first instanceof Error) return write(message, errorFields(first));
    const obj = (first ?? {}) as Record<string, unknown>;
    const err = obj.err ?? obj.error;
    const fields: Record<string, string | number | boolean | null | undefined> = err
      ? { ...errorFields(err) }
      : {};
    // Only plain scalars, never a request or a reply object (they hold headers).
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'err' || k === 'error' || k === 'req' || k === 'res') continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
    }
    write(message, fields);
  };
}

/** A Fastify `loggerInstance` over the hub's Logger (child bindings are not kept: no per-request cost). */
export function fastifyLogger(logger: Logger): FastifyBaseLogger {
  const log = logger.child('http');
  const adapter = {
    level: 'info',
    fatal: pinoCall(log.error),
    error: pinoCall(log.error),
    warn: pinoCall(log.warn),
    info: pinoCall(log.info),
    debug: pinoCall(log.debug),
    trace: () => {},
    silent: () => {},
    child: () => adapter,
  };
  return adapter as unknown as FastifyBaseLogger;
}
