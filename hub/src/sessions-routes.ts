/**
 * Sessions through the hub: the Stripe-compatible subset a station's stripe SDK calls (create,
 * retrieve, list by reference, cancel, redact), each for the station's own sessions only (or
 * its store's, when the admin allows). A session of another station answers exactly as a
 * session that does not exist: 404 `resource_missing`.
 *
 * What passes through: the station's Idempotency-Key (namespaced by station, so two stations'
 * keys never collide), client_reference_id, and `expand[]=verified_outputs` on retrieve. The
 * answer (url, client_secret, verified outputs) goes to the station and nowhere else: the hub
 * records ids, statuses and codes only, and logs no body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Stripe from 'stripe';
import type { Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { HubError, invalidRequest, notFound, sendError } from './errors.ts';
import { expandList, parseForm, type FormObject } from './form.ts';
import type { KeyedBuckets } from './limiter.ts';
import { errorFields } from './log.ts';
import { STATION_METADATA, STORE_METADATA, type SessionLog } from './session-log.ts';
import type { Station } from './stations.ts';
import { stripeErrorReply, type Session, type StripeClient } from './stripe-client.ts';
import { checkMetadata, checkStrings } from './text-checks.ts';
import { stationSees, type SessionOwner } from './visibility.ts';

export interface SessionRoutesDeps {
  db: Db;
  stripe: StripeClient;
  log: SessionLog;
  /** The station the request's bearer token stands for (authenticated and rate-limited). */
  station: (req: FastifyRequest) => Station;
  /**
   * Per station: look-ups of sessions the hub has no record of, each of which asks Stripe (the
   * fleet's shared budget). Past it, 429 `rate_limit` without asking Stripe.
   */
  unknownLookups: KeyedBuckets;
  logger: Logger;
}

const BASE = '/v1/identity/verification_sessions';
const SESSION_ID = /^vs_[A-Za-z0-9]{1,128}$/;
const IDEMPOTENCY_KEY_MAX = 200; // + the station id and ':' stays within Stripe's 255

const metadataOwner = (s: Session): SessionOwner => ({
  stationId: s.metadata?.[STATION_METADATA],
  store: s.metadata?.[STORE_METADATA],
});

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  const { db, stripe, log } = deps;
  const logger = deps.logger.child('sessions');
  const inFlight = new Set<string>();

  /** The session if this station may act on it; otherwise the same 404 as an unknown id. */
  async function ownedSession(station: Station, id: string): Promise<Session | null> {
    if (!SESSION_ID.test(id)) throw notFound(id.slice(0, 140));
    const rows = await db.query<{ station_id: string; store: string }>(
      'SELECT station_id, store FROM sessions WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (row) {
      if (!stationSees(station, { stationId: row.station_id, store: row.store })) throw notFound(id);
      return null;
    }
    // Not recorded (created while the hub's record failed, or before the hub existed): Stripe's
    // metadata says whose it is. Each such look-up spends the fleet's Stripe budget: limited.
    if (!deps.unknownLookups.take(station.id)) {
      throw new HubError(
        429,
        'rate_limit',
        'This station is looking up too many sessions the hub does not know. It will retry.',
      );
    }
    try {
      const s = await stripe.retrieve(id);
      if (!stationSees(station, metadataOwner(s))) throw notFound(id);
      await log.recordCreated(
        metadataOwner(s).stationId ?? station.id,
        metadataOwner(s).store ?? station.store,
        s,
      );
      return s;
    } catch (error) {
      if (error instanceof HubError) throw error;
      if ((error as { statusCode?: number }).statusCode === 404) throw notFound(id);
      throw error;
    }
  }

  async function answer(reply: FastifyReply, work: () => Promise<unknown>): Promise<FastifyReply> {
    try {
      const body = await work();
      return reply.type('application/json').send(JSON.stringify(body));
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      const passed = stripeErrorReply(error);
      if (passed) return reply.code(passed.status).type('application/json').send(passed.body);
      throw error;
    }
  }

  app.post(BASE, async (req, reply) => {
    const station = deps.station(req);
    const form = (req.body ?? {}) as FormObject;
    const header = req.headers['idempotency-key'];
    const key = typeof header === 'string' && header.length > 0 ? header : undefined;
    if (key && key.length > IDEMPOTENCY_KEY_MAX) {
      return sendError(
        reply,
        invalidRequest(`Idempotency-Key is longer than ${IDEMPOTENCY_KEY_MAX} characters.`),
      );
    }
    const namespaced = key ? `${station.id}:${key}` : undefined;
    if (namespaced && inFlight.has(namespaced)) {
      return sendError(
        reply,
        new HubError(
          409,
          'idempotency_key_in_use',
          'There is currently another in-progress request using this Idempotent Key. Try again later.',
          'idempotency_error',
        ),
      );
    }
    // Everything is checked before Stripe is asked: a session made at Stripe is never left
    // without its record because of what the station sent.
    try {
      checkStrings(form, '');
      checkMetadata(form.metadata);
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
    const metadata =
      typeof form.metadata === 'object' && !Array.isArray(form.metadata)
        ? (form.metadata as Record<string, string>)
        : {};
    const params = {
      ...form,
      metadata: { ...metadata, [STATION_METADATA]: station.id, [STORE_METADATA]: station.store },
    } as unknown as Stripe.Identity.VerificationSessionCreateParams;
    if (namespaced) inFlight.add(namespaced);
    try {
      return await answer(reply, async () => {
        const { session, replayed } = await stripe.create(params, namespaced);
        try {
          await log.recordCreated(station.id, station.store, session);
        } catch (error) {
          // The session exists at Stripe: the station gets it. Its record comes with its first
          // webhook (whose metadata names the station) or the station's next look-up.
          logger.error('a created session could not be recorded; its webhook will record it', {
            session: session.id,
            ...errorFields(error),
          });
        }
        if (replayed) reply.header('Idempotent-Replayed', 'true');
        return session;
      });
    } finally {
      if (namespaced) inFlight.delete(namespaced);
    }
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (req, reply) => {
    const station = deps.station(req);
    const expand = expandList(parseForm(req.url.split('?')[1] ?? ''));
    return answer(reply, async () => {
      const known = await ownedSession(station, req.params.id);
      // A fresh url, and the verified outputs when asked: never stored, never logged.
      return known && expand.length === 0 ? known : stripe.retrieve(req.params.id, expand);
    });
  });

  app.get(BASE, async (req, reply) => {
    const station = deps.station(req);
    const query = parseForm(req.url.split('?')[1] ?? '');
    const limitText = typeof query.limit === 'string' ? query.limit : '10';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return sendError(reply, invalidRequest('limit must be an integer between 1 and 100.', 'limit'));
    }
    const reference = typeof query.client_reference_id === 'string' ? query.client_reference_id : undefined;
    return answer(reply, async () => {
      // Without a reference this is the station's ping: the hub answers for itself and spends
      // nothing of the account's rate on it.
      const data = reference
        ? (await stripe.listByReference(reference.slice(0, 5000), limit)).filter((s) =>
            stationSees(station, metadataOwner(s)),
          )
        : [];
      return { object: 'list', data, has_more: false, url: BASE };
    });
  });

  for (const action of ['cancel', 'redact'] as const) {
    app.post<{ Params: { id: string } }>(`${BASE}/:id/${action}`, async (req, reply) => {
      const station = deps.station(req);
      return answer(reply, async () => {
        await ownedSession(station, req.params.id);
        return action === 'cancel' ? stripe.cancel(req.params.id) : stripe.redact(req.params.id);
      });
    });
  }
}
