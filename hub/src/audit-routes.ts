/**
 * The stations' audit trails on the fleet page: `GET /fleet/api/audit?store=&person=&action=&page=`
 * (audit-search.ts). Admin only, like every fleet API.
 */
import type { FastifyInstance } from 'fastify';
import { auditList, parseAuditFilter } from './audit-search.ts';
import type { Db } from './db.ts';
import { HubError, sendError } from './errors.ts';
import type { AdminGuard } from './fleet.ts';

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Db; admin: AdminGuard }): void {
  app.get('/fleet/api/audit', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const filter = parseAuditFilter((req.query ?? {}) as Record<string, unknown>);
    if (typeof filter === 'string') {
      return sendError(
        reply,
        new HubError(400, 'parameter_invalid', `The search is not valid (${filter}).`, undefined, filter),
      );
    }
    return auditList(deps.db, filter);
  });
}
