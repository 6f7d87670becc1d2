/** history.*: the local record of verifications, searched and exported (no personal data). */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { RecordQuery } from '../records/index.ts';
import type { HandlerContext } from './context.ts';

export function historyHandlers(ctx: HandlerContext): NamespaceHandlers<'history'> {
  return {
    'history.search': async ({ page, pageSize, ...filter }) => {
      const result = ctx.host.current().history.search({ page, pageSize, ...recordQuery(filter) });
      return {
        rows: result.items.map((r) => ctx.verifications.historyRow(r)),
        total: result.total,
      };
    },
    'history.exportCsv': async (filter) => ({
      // Column names in the station's language; the cells are codes and ISO times in any language.
      csv: ctx.host.current().history.exportCsv(recordQuery(filter), ctx.settings.current().language),
      filename: `countersign-history-${localDate(ctx.clock.now())}.csv`,
    }),
  };
}

/** The contract's filter as the records' query: only the fields that were given. */
function recordQuery(f: {
  reference?: string | undefined;
  status?: RecordQuery['status'];
  from?: number | undefined;
  to?: number | undefined;
}): RecordQuery {
  return {
    ...(f.reference ? { text: f.reference } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
  };
}

function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
