/**
 * A station's audit trail as its audit log makes it (hash-chained, seq from 1, one second apart),
 * for the hub's tests that upload one (`POST /hub/v1/audit`), and a check by staff's entry as the
 * station's middleware writes it (contract/manual-check.ts).
 */
import { manualCheckDetail, type ManualCheckFacts } from '../../contract/manual-check.ts';
import type { AuditEntry } from '../../contract/staff.ts';
import { openAuditLog, type AuditFacts } from '../../main/core/audit/index.ts';
import { MemoryStore } from '../../main/core/storage/index.ts';

/** `times`: each entry's time, or the first's minus a second, then a second apart. */
export function auditTrail(
  facts: readonly AuditFacts[],
  station = 'Counter 1',
  times: number | readonly number[] = Date.UTC(2026, 11, 1, 9, 0, 0),
): AuditEntry[] {
  const timeOf = (i: number) => (typeof times === 'number' ? times + (i + 1) * 1000 : times[i]!);
  let now = timeOf(0);
  const log = openAuditLog({
    store: new MemoryStore(),
    headStore: new MemoryStore(),
    clock: { now: () => now },
    station,
  });
  facts.forEach((f, i) => {
    now = timeOf(i);
    log.append(f);
  });
  return log.all();
}

/** The facts of one `sessions.manualCheck` call, done by Mika Sato (a manager) unless told. */
export function manualCheckFactsOf(
  reference: string,
  check: ManualCheckFacts,
  more: Partial<AuditFacts> = {},
): AuditFacts {
  return {
    actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: 'manager' },
    action: 'sessions.manualCheck',
    outcome: 'ok',
    sessionId: null,
    reference,
    reason: null,
    note: null,
    detail: manualCheckDetail(check),
    ...more,
  };
}
