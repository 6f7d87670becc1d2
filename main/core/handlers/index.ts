/**
 * The handlers room's door: the contract's whole table, one handler file per namespace,
 * assembled here and checked against the contract (`satisfies`: a missing or extra method does
 * not compile), with the middleware that runs around every call named where it is applied.
 */
import type { ContractHandlers } from '../../../contract/ipc.ts';
import { appHandlers } from './app.ts';
import type { HandlerContext } from './context.ts';
import { customerHandlers } from './customer.ts';
import { diagnosticsHandlers } from './diagnostics.ts';
import { historyHandlers } from './history.ts';
import { hubHandlers } from './hub.ts';
import { keyHandlers } from './key.ts';
import { kioskHandlers } from './kiosk.ts';
import { applyMiddleware, guardAndAudit, noteCustomerActivity, noteWindowActivity } from './middleware.ts';
import { outboxHandlers } from './outbox.ts';
import { sessionsHandlers } from './sessions.ts';
import { settingsHandlers } from './settings.ts';
import { auditHandlers } from './audit.ts';
import { staffHandlers } from './staff.ts';

export type { HandlerContext } from './context.ts';
export type { Middleware } from './middleware.ts';

export function createHandlers(ctx: HandlerContext): ContractHandlers {
  const table = {
    ...appHandlers(ctx),
    ...settingsHandlers(ctx),
    ...keyHandlers(ctx),
    ...sessionsHandlers(ctx),
    ...customerHandlers(ctx),
    ...kioskHandlers(ctx),
    ...historyHandlers(ctx),
    ...outboxHandlers(ctx),
    ...diagnosticsHandlers(ctx),
    ...hubHandlers(ctx),
    ...staffHandlers(ctx),
    ...auditHandlers(ctx),
  } satisfies ContractHandlers;
  const referenceOf = (id: string): string | null => {
    try {
      return ctx.verifications.record(id).reference || null;
    } catch {
      return null;
    }
  };
  return applyMiddleware(table, [
    // Who may call what comes first: a refused call does nothing else.
    guardAndAudit({ staff: ctx.staff, audit: ctx.audit, referenceOf }),
    noteWindowActivity(ctx.connectivity),
    noteCustomerActivity(ctx.walkAway),
  ]);
}
