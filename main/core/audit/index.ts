/** The audit room's door: the hash-chained trail of who did what at this station, and its export. */
export { auditCsv, auditJson } from './audit-export.ts';
export {
  entryHash,
  findBreak,
  openAuditLog,
  type AuditBreak,
  type AuditFacts,
  type AuditLog,
  type AuditLogOptions,
} from './audit-log.ts';
export { openStationAudit, type StationAuditOptions } from './audit-opening.ts';
