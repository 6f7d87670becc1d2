/**
 * Webhooks in: `POST /stripe/webhook`. The raw body is verified with the SDK's `constructEvent`
 * (signature and timestamp tolerance); a bad signature is refused with 400 and nothing is
 * stored. Each event id is stored once (a duplicate answers 200 and changes nothing), and the
 * session changes only if the event is newer than what the hub holds (SessionLog.apply).
 *
 * A signed event is never refused for what it holds: Stripe would send the same bytes again for
 * days and the session's updates would never reach its station. A value PostgreSQL cannot store
 * (a NUL, invalid Unicode) is replaced (text-checks.ts `storable`) and the replacement logged
 * with the event id and the field's path, never the value. A failure to store (the database
 * away) answers 500, and Stripe's retry brings the event again.
 */
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { markRefusal } from './errors.ts';
import { errorFields } from './log.ts';
import type { HubMetrics } from './metrics.ts';
import type { SessionLog, StripeSessionLike } from './session-log.ts';
import { storable } from './text-checks.ts';
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
  logger: Logger;
  metrics?: HubMetrics;
}

export interface WebhookStats {
  received: number;
  refused: number;
  duplicates: number;
  applied: number;
  /** Events stored with a value replaced (a NUL, invalid Unicode). */
  replaced: number;
}

export function registerWebhookRoute(app: FastifyInstance, deps: WebhookDeps): WebhookStats {
  const stats: WebhookStats = { received: 0, refused: 0, duplicates: 0, applied: 0, replaced: 0 };
  const log = deps.logger.child('webhooks');
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
        deps.metrics?.webhookFailures.inc({ reason: 'signature' });
        markRefusal(reply, 'invalid_signature');
        return reply
          .code(400)
          .send({ error: { type: 'invalid_request_error', message: 'Invalid signature.' } });
      }
      const { value: clean, replaced } = storable({
        id: event.id,
        type: event.type,
        session: event.data.object as unknown as StripeSessionLike,
      });
      if (replaced.length > 0) {
        stats.replaced++;
        deps.metrics?.webhookFailures.inc({ reason: 'replaced_value' });
        log.warn('a webhook held values the database cannot store: stored with them replaced', {
          event: clean.id,
          type: clean.type,
          fields: replaced.slice(0, 20).join(' '),
        });
      }
      let result: 'duplicate' | 'ignored' | 'applied' | 'older';
      try {
        result = await deps.db.transaction(async (tx) => {
          const inserted = await tx.query(
            `INSERT INTO webhook_events (id, type, created, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO NOTHING RETURNING id`,
            [clean.id, clean.type, event.created, deps.now()],
          );
          if (inserted.length === 0) return 'duplicate';
          if (!isSessionEventType(clean.type)) return 'ignored';
          const applied = await deps.log.apply(
            { type: clean.type, createdAt: event.created, session: clean.session, eventId: clean.id },
            tx,
          );
          return applied ? 'applied' : 'older';
        });
      } catch (error) {
        // Stripe sends it again (with backoff): nothing of it was kept, so nothing is doubled.
        deps.metrics?.webhookFailures.inc({ reason: 'database' });
        log.error('a webhook could not be stored; Stripe will send it again', {
          event: clean.id,
          ...errorFields(error),
        });
        throw error;
      }
      if (result === 'duplicate') stats.duplicates++;
      if (result === 'applied') {
        stats.applied++;
        deps.metrics?.webhooksApplied.inc();
      }
      return reply.code(200).send({ received: true });
    });
  });
  return stats;
}
