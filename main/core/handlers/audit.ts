/** audit.*: the audit trail for managers: the latest entries, the break found if any, the export. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { auditCsv, auditJson } from '../audit/index.ts';
import type { HandlerContext } from './context.ts';

export function auditHandlers(ctx: HandlerContext): NamespaceHandlers<'audit'> {
  const { audit } = ctx;
  return {
    'audit.list': async ({ limit }) => {
      const broken = audit.broken();
      return {
        ...audit.list(limit ?? 200),
        broken: broken ? { seq: broken.seq, found: broken.found } : null,
      };
    },
    'audit.export': async ({ format }) => ({
      text: format === 'csv' ? auditCsv(audit.all()) : auditJson(audit.all()),
    }),
  };
}
