/**
 * The history as the console sees it: search (by reference, status and date range, newest
 * first, paged, with a total), CSV export, redaction marks and the retention period.
 */
import { systemClock, type Clock } from '../../../base/clock.ts';
import type { Language } from '../../../contract/languages.ts';
import { recordsToCsv } from './csv.ts';
import { CountersignError } from '../../../contract/errors.ts';
import type { SessionRecord } from './record-schema.ts';
import { MAX_PAGE_SIZE, type RecordPage, type RecordQuery, type Records } from './history-shards.ts';
import { DEFAULT_RETENTION_DAYS, retentionMs } from './retention.ts';

export interface HistorySearch extends RecordQuery {
  /** 0-based. */
  page?: number;
  /** At most 100; 50 when omitted. */
  pageSize?: number;
}

export interface HistoryOptions {
  clock?: Clock;
  /** Days a record is kept after its last change. Default 90. */
  retentionDays?: number;
}

export interface History {
  search(search?: HistorySearch): RecordPage;
  /**
   * Every matching record as CSV (RFC 4180, CRLF, formula-safe), newest first, with the column
   * names in the given language (default English).
   */
  exportCsv(query?: RecordQuery, language?: Language): string;
  /** Marks the record of a redacted session (by session id or client_reference_id). */
  markRedacted(id: string): SessionRecord;
  readonly retentionDays: number;
  setRetentionDays(days: number): void;
  /** Removes records older than the retention period; returns how many. Call at start and daily. */
  pruneExpired(): number;
}

export function createHistory(records: Records, options: HistoryOptions = {}): History {
  const clock = options.clock ?? systemClock;
  let days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  retentionMs(days); // validates

  return {
    search: (search = {}) =>
      records.query(search, search.page ?? 0, Math.min(search.pageSize ?? 50, MAX_PAGE_SIZE)),
    exportCsv: (query = {}, language) => recordsToCsv(records.matching(query), undefined, language),
    markRedacted: (id) => {
      const record = records.get(id) ?? records.getBySessionId(id);
      if (!record) {
        throw new CountersignError('session_not_found', 'No such verification in the history.', {
          text: { id: 'record_missing', params: {} },
        });
      }
      if (record.redacted) return record;
      return records.update(record.clientReferenceId, { redacted: true, redactedAt: clock.now() });
    },
    get retentionDays() {
      return days;
    },
    setRetentionDays: (next) => {
      retentionMs(next);
      days = next;
    },
    pruneExpired: () => records.prune(retentionMs(days)),
  };
}
