/**
 * The hub's own station endpoints: enrollment (no auth; a one-time code), the heartbeat, a
 * kiosk's call for help, the station's audit trail (audit-entries.ts), and the SSE stream of the station's sessions' changes (see stream.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  HUB_PATHS,
  auditBatchSchema,
  enrollRequestSchema,
  heartbeatSchema,
  helpCallSchema,
  type AuditAnswer,
  type HelpCallAnswer,
} from '../../contract/hub-api.ts';
import type { Logger } from '../../base/logger.ts';
import type { AuditEntries } from './audit-entries.ts';
import { HubError, sendError } from './errors.ts';
import type { HelpCalls } from './help-calls.ts';
import type { KeyedBuckets } from './limiter.ts';
import { errorFields } from './log.ts';
import type { Station, Stations } from './stations.ts';
import type { Streams } from './stream.ts';

export interface StationRoutesDeps {
  stations: Stations;
  streams: Streams;
  helpCalls: HelpCalls;
  audit: AuditEntries;
  station: (req: FastifyRequest) => Station;
  /** Enrollment attempts per client address (the code is the only credential: no flood). */
  enrollments: KeyedBuckets;
  logger: Logger;
}

const badBody = (what: string) => new HubError(400, 'parameter_invalid', `The ${what} request is not valid.`);

export function registerStationRoutes(app: FastifyInstance, deps: StationRoutesDeps): void {
  const log = deps.logger.child('stations');
  app.post(HUB_PATHS.enroll, async (req, reply) => {
    if (!deps.enrollments.take(req.ip)) {
      return sendError(
        reply,
        new HubError(
          429,
          'rate_limit',
          'Too many enrollment attempts from this address. Wait a minute and try again.',
        ),
      );
    }
    const parsed = enrollRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, badBody('enrollment'));
    try {
      return await deps.stations.enroll(parsed.data.code, parsed.data.appVersion);
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
  });

  app.post(HUB_PATHS.heartbeat, async (req, reply) => {
    const station = deps.station(req);
    const parsed = heartbeatSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, badBody('heartbeat'));
    await deps.stations.heartbeat(station.id, parsed.data);
    return reply.code(204).send();
  });

  // Idempotent on (station, id): a station resends a call until it gets a 2xx, so a resend after
  // a lost answer must not make a second call.
  app.post(HUB_PATHS.helpCalls, async (req, reply) => {
    const station = deps.station(req);
    const parsed = helpCallSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, badBody('help call'));
    const { replayed } = await deps.helpCalls.record(station.id, parsed.data);
    await deps.stations.seen(station.id);
    const answer: HelpCallAnswer = { id: parsed.data.id, replayed };
    return reply.code(replayed ? 200 : 201).send(answer);
  });

  // Idempotent on (station, seq): a batch sent again after a lost answer changes nothing. Text
  // with a NUL or a lone surrogate was already refused by the hook every request passes (400).
  app.post(HUB_PATHS.audit, async (req, reply) => {
    const station = deps.station(req);
    const parsed = auditBatchSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, badBody('audit'));
    const held = await deps.audit.record(station, parsed.data.entries);
    await deps.stations.seen(station.id);
    const answer: AuditAnswer = { held };
    return answer;
  });

  app.get(HUB_PATHS.stream, async (req, reply) => {
    const station = deps.station(req);
    const header = req.headers['last-event-id'];
    // Without one (a first connection), the stream starts from now and the open sessions.
    const last = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : null;
    await deps.stations.seen(station.id);
    reply.hijack();
    try {
      await deps.streams.open(station, reply.raw, last);
    } catch (error) {
      // The replay failed: the station reconnects with its Last-Event-ID.
      log.warn('a stream could not replay; cut so the station reconnects', {
        station: station.id,
        ...errorFields(error),
      });
      reply.raw.destroy();
    }
  });
}
