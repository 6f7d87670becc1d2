/**
 * Webhooks in: `POST /stripe/webhook`. The raw body is verified with the SDK's `constructEvent`
 * (signature and timestamp tolerance); a bad signature is refused with 400 and nothing is
 * stored. Each event id is stored once (a duplicate answers 200 and changes nothing), and the
 * session changes only if the event is newer than what the hub holds (SessionLog.apply).
 */
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { Db } from './db.ts';
import type { SessionLog, StripeSessionLike } from './session-log.ts';
import { isSessionEventType } from '../../contract/session-events.ts';

export interface WebhookDeps {
  db: Db;
  log: SessionLog;
  stripe: Stripe;
  /** The endpoint's signing secret (`whsec_…`), read per request (it can be set after start). */
  secret: () => string;
  now: () => number;
  /** Timestamp tolerance in seconds; default Stripe's 300. */
  toleranceSeconds?: number;
}

export interface WebhookStats {
  received: number;
  refused: number;
  duplicates: number;
  applied: number;
}

export function registerWebhookRoute(app: FastifyInstance, deps: WebhookDeps): WebhookStats {
  const stats: WebhookStats = { received: 0, refused: 0, duplicates: 0, applied: 0 };
  app.register(async (scope) => {
    // The signature covers the exact bytes Stripe sent: keep them (no JSON parsing here).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/stripe/webhook', async (req, reply) => {
      stats.received++;
      const signature = req.headers['stripe-signature'];
      let event: Stripe.Event;
      try {
        if (typeof signature !== 'string' || !Buffer.isBuffer(req.body)) throw new Error('no signature');
        event = deps.stripe.webhooks.constructEvent(
          req.body,
          signature,
          deps.secret(),
          deps.toleranceSeconds ?? 300,
          undefined,
          deps.now(), // milliseconds: the SDK divides
        );
      } catch {
        stats.refused++;
        return reply
          .code(400)
          .send({ error: { type: 'invalid_request_error', message: 'Invalid signature.' } });
      }
      const result = await deps.db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO webhook_events (id, type, created, received_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [event.id, event.type, event.created, deps.now()],
        );
        if (inserted.length === 0) return 'duplicate';
        if (!isSessionEventType(event.type)) return 'ignored';
        const session = event.data.object as unknown as StripeSessionLike;
        const applied = await deps.log.apply({ type: event.type, createdAt: event.created, session }, tx);
        return applied ? 'applied' : 'older';
      });
      if (result === 'duplicate') stats.duplicates++;
      if (result === 'applied') stats.applied++;
      return reply.code(200).send({ received: true });
    });
  });
  return stats;
}
