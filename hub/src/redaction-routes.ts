/**
 * Redactions on the fleet page (issue 18, item 4): the log of every redaction at Stripe the hub
 * made (the retention policy) or was asked for, and a person's request to redact one session
 * now (the page asks for a confirmation first). Admin only; the POST needs the CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../base/logger.ts';
import { HubError, sendError } from './errors.ts';
import type { AdminGuard } from './fleet.ts';
import type { RedactionsAnswer } from './fleet-policy-api.ts';
import type { RedactionJob } from './redaction-job.ts';

export function registerRedactionRoutes(
  app: FastifyInstance,
  deps: { redactions: RedactionJob; admin: AdminGuard; logger: Logger },
): void {
  const log = deps.logger.child('redaction');
  app.get('/fleet/api/redactions', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const answer: RedactionsAnswer = { redactions: await deps.redactions.list() };
    return answer;
  });

  app.post<{ Params: { id: string } }>('/fleet/api/sessions/:id/redact', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const id = req.params.id;
    if (!/^vs_[A-Za-z0-9_]{1,200}$/.test(id)) {
      return sendError(
        reply,
        new HubError(400, 'parameter_invalid', 'Give a session id (vs_…).', undefined, 'id'),
      );
    }
    try {
      const redaction = await deps.redactions.redactNow(id, 'admin');
      log.info('a session was redacted on request', { session: id, address: req.ip });
      return { redaction };
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
  });
}
