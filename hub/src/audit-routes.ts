/**
 * The stations' audit trails on the fleet page: `GET /fleet/api/audit?store=&person=&action=&page=`
 * (audit-search.ts) and one entry with the hub's check of its chain,
 * `GET /fleet/api/audit/:station/:seq` (audit-detail.ts). Admin only, like every fleet API.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditDetail } from './audit-detail.ts';
import { auditList, parseAuditFilter } from './audit-search.ts';
import type { Db } from './db.ts';
import { HubError, sendError } from './errors.ts';
import type { AdminGuard } from './fleet.ts';

const entryParams = z
  .object({
    station: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    seq: z
      .string()
      .regex(/^[1-9]\d{0,14}$/)
      .transform(Number),
  })
  .strict();

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

  app.get('/fleet/api/audit/:station/:seq', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const params = entryParams.safeParse(req.params);
    if (!params.success) {
      const param = String(params.error.issues[0]?.path[0] ?? 'seq');
      return sendError(
        reply,
        new HubError(
          400,
          'parameter_invalid',
          `Name an entry by its station's id and its seq (${param}).`,
          undefined,
          param,
        ),
      );
    }
    const { station, seq } = params.data;
    const detail = await auditDetail(deps.db, station, seq);
    if (!detail) {
      return sendError(
        reply,
        new HubError(
          404,
          'audit_entry_missing',
          `The hub holds no entry ${seq} of station '${station}'.`,
          undefined,
          'seq',
        ),
      );
    }
    return detail;
  });
}
