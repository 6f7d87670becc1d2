/** history.* and outbox.*: the local record of verifications, and what waits to be sent. */
import type { ContractHandlers } from '../../../contract/ipc.ts';
import type { RecordQuery } from '../records.ts';
import type { HandlerContext } from './context.ts';

type Methods = 'history.search' | 'history.exportCsv' | 'outbox.status' | 'outbox.withdraw';

export function historyAndOutboxHandlers(ctx: HandlerContext): Pick<ContractHandlers, Methods> {
  const query = (f: {
    reference?: string | undefined;
    status?: RecordQuery['status'];
    from?: number | undefined;
    to?: number | undefined;
  }): RecordQuery => ({
    ...(f.reference ? { text: f.reference } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
  });
  return {
    'history.search': async ({ page, pageSize, ...filter }) => {
      const result = ctx.host.current().history.search({ page, pageSize, ...query(filter) });
      return {
        rows: result.items.map((r) => ctx.verifications.historyRow(r)),
        total: result.total,
      };
    },
    'history.exportCsv': async (filter) => ({
      // Column names in the station's language; the cells are codes and ISO times in any language.
      csv: ctx.host.current().history.exportCsv(query(filter), ctx.settings.current().language),
      filename: `countersign-history-${localDate(ctx.clock.now())}.csv`,
    }),
    'outbox.withdraw': async ({ clientReferenceId }) => ctx.verifications.withdraw(clientReferenceId),
    'outbox.status': async () => {
      const items = ctx.host.current().outbox.list();
      return {
        queued: items.length,
        items: items.map((i) => ({
          clientReferenceId: i.clientReferenceId,
          reference: i.reference,
          queuedAt: i.queuedAt,
          lastErrorCode: i.lastError?.code ?? null,
        })),
      };
    },
  };
}

function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
