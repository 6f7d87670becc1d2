/** Local history (no personal data): filters, pages, CSV export. */
import { useEffect, useState } from 'react';
import type { ComponentProps, FormEvent } from 'react';
import type { ErrorPayload, HistoryRow, SessionStatus, SessionView } from '../../../contract/ipc.ts';
import type { ConfirmRequest } from '../ConfirmDialog.tsx';
import { call } from '../api.ts';
import { downloadText } from '../download.ts';
import { ErrorNote } from '../ErrorNote.tsx';
import { formatDateTime, STATUS_LABELS } from '../status-text.ts';
import { SessionDetail } from './SessionDetail.tsx';
import { StatusPill } from './SessionList.tsx';
import type { useRevealedResult } from './use-result.ts';

export const HISTORY_PAGE_SIZE = 20;

interface Filter {
  reference: string;
  status: SessionStatus | '';
  from: string;
  to: string;
}

/** `<input type=date>` values are local calendar days; `to` includes the whole day. */
function toFilter(f: Filter) {
  const day = (value: string, endOfDay: boolean) => {
    const [y, m, d] = value.split('-').map(Number);
    if (!y || !m || !d) return undefined;
    return endOfDay ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime();
  };
  return {
    ...(f.reference.trim() ? { reference: f.reference.trim() } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.from ? { from: day(f.from, false) } : {}),
    ...(f.to ? { to: day(f.to, true) } : {}),
  };
}

/** A history row as the detail shows it: the same fields, no error reason kept. */
function asView(row: HistoryRow): SessionView {
  const { station: _station, redactedAt: _redactedAt, ...view } = row;
  return { ...view, lastErrorReason: null };
}

const rowKey = (r: HistoryRow) => r.clientReferenceId || r.id || `${r.created}`;

interface Props {
  results: ReturnType<typeof useRevealedResult>;
  confirm: (request: ConfirmRequest) => void;
  /** The row shown in the detail (kept in the page's address, so a reload keeps it). */
  selected?: string | null;
  onSelect?: (key: string | null) => void;
  onStartedNew?: ComponentProps<typeof SessionDetail>['onStartedNew'];
}

export function HistoryPanel({ results, confirm, selected = null, onSelect, onStartedNew }: Props) {
  const [draft, setDraft] = useState<Filter>({ reference: '', status: '', from: '', to: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<HistoryRow[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ErrorPayload | null>(null);
  // The first page loads on mount; a new search or page says it is loading when it is asked for.
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    void (async () => {
      try {
        const r = await call('history.search', { ...toFilter(filter), page, pageSize: HISTORY_PAGE_SIZE });
        setRows(r.rows);
        setTotal(r.total);
      } catch (e) {
        setError(e as ErrorPayload);
      } finally {
        setLoading(false);
      }
    })();
  }, [filter, page]);

  /** Every change of filter or page loads again: the table is busy and an old error goes. */
  function reload(next: { filter?: Filter; page: number }) {
    // The same filter and page load nothing (the effect does not run again): stay as we are.
    if (next.page === page && (next.filter ?? filter) === filter) return;
    setLoading(true);
    setError(null);
    setPage(next.page);
    if (next.filter) setFilter(next.filter);
  }

  function search(event: FormEvent) {
    event.preventDefault();
    reload({ filter: draft, page: 0 });
  }

  async function exportCsv() {
    setError(null);
    try {
      const r = await call('history.exportCsv', toFilter(filter));
      downloadText(r.filename, r.csv);
    } catch (e) {
      setError(e as ErrorPayload);
    }
  }

  const [ownSelected, setOwnSelected] = useState<string | null>(selected);
  const chosen = onSelect ? selected : ownSelected;
  const choose = onSelect ?? setOwnSelected;
  const current = rows.find((r) => rowKey(r) === chosen) ?? null;
  /** An action in the detail changed the session: the row follows. */
  function updated(view: SessionView) {
    setRows((list) =>
      list.map((r) =>
        (view.id !== null && r.id === view.id) ||
        (view.clientReferenceId !== '' && r.clientReferenceId === view.clientReferenceId)
          ? { ...r, ...view, station: r.station, redactedAt: r.redactedAt }
          : r,
      ),
    );
  }

  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  return (
    <div className="history-layout">
      <section className="card" aria-labelledby="history-title" data-testid="history">
        <h2 id="history-title">History</h2>
        <form className="filters" onSubmit={search} noValidate>
          <label>
            Reference contains
            <input
              name="reference"
              value={draft.reference}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, reference: e.target.value })}
            />
          </label>
          <label>
            Status
            <select
              name="status"
              value={draft.status}
              onChange={(e) => setDraft({ ...draft, status: e.target.value as Filter['status'] })}
            >
              <option value="">Any</option>
              {(Object.keys(STATUS_LABELS) as SessionStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input
              type="date"
              name="from"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              name="to"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" className="primary">
            Search
          </button>
          <button type="button" onClick={() => void exportCsv()} data-testid="export-csv">
            Export CSV
          </button>
        </form>
        <ErrorNote error={error} onDismiss={() => setError(null)} />
        <table className="history-table" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Reference</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Station</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={rowKey(r)}
                data-testid="history-row"
                data-reference={r.reference}
                className={rowKey(r) === chosen ? 'selected' : undefined}
              >
                <td>{formatDateTime(r.created)}</td>
                <td className="history-ref">
                  <button
                    type="button"
                    className="link"
                    aria-pressed={rowKey(r) === chosen}
                    onClick={() => choose(rowKey(r))}
                    data-testid="history-open"
                  >
                    {r.reference || '(no reference)'}
                  </button>
                </td>
                <td>{r.type === 'document' ? 'Document' : 'ID number'}</td>
                <td>
                  <StatusPill session={r} />
                </td>
                <td>{r.attempts}</td>
                <td>{r.station}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !loading && <p className="muted">Nothing matches.</p>}
        <div className="row between">
          <span className="muted">
            {total} in all · page {page + 1} of {pages}
          </span>
          <div className="row">
            <button type="button" disabled={page === 0} onClick={() => reload({ page: page - 1 })}>
              Previous
            </button>
            <button type="button" disabled={page + 1 >= pages} onClick={() => reload({ page: page + 1 })}>
              Next
            </button>
          </div>
        </div>
      </section>
      <div className="history-detail">
        {current ? (
          <SessionDetail
            key={rowKey(current)}
            session={asView(current)}
            results={results}
            confirm={confirm}
            onUpdated={updated}
            onStartedNew={onStartedNew}
          />
        ) : (
          <section className="card muted">
            Choose a reference to see its details and what can still be done.
          </section>
        )}
      </div>
    </div>
  );
}
