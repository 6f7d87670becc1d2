/**
 * The station's audit trail as the app opens it: its two files (the entries with the anchor, and
 * the head apart), pruned to the retention period, and what this start found (an entry edited,
 * deleted, moved or cut off the end), logged for support and returned for the staff notice.
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import { openSmallStore, type StoreFactory } from '../storage/index.ts';
import { openAuditLog, type AuditBreak, type AuditLog } from './audit-log.ts';

export interface StationAuditOptions {
  storeFactory: StoreFactory;
  clock: Clock;
  station: string;
  retentionDays: number;
  logger: Logger;
}

export function openStationAudit(o: StationAuditOptions): { audit: AuditLog; broken: AuditBreak | null } {
  const audit = openAuditLog({
    store: openSmallStore(o.storeFactory, 'audit').store,
    headStore: openSmallStore(o.storeFactory, 'audit-head').store,
    clock: o.clock,
    station: o.station,
  });
  audit.prune(o.retentionDays);
  const broken = audit.broken();
  if (broken)
    o.logger.warn('audit: the trail was changed outside Countersign', { seq: broken.seq, kind: broken.kind });
  return { audit, broken };
}
