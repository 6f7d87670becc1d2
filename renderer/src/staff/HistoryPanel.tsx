/**
 * Local history (no personal data): filters, pages, CSV export. The table is a grid with one
 * Tab stop (roving tabindex): the arrow keys move from cell to cell, Home and End to the ends of
 * a row (with Ctrl, of the table), Enter or Space opens the row's detail, and the next Tab goes
 * on past the table to the pages and the detail's actions.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ComponentProps, FormEvent } from 'react';
import {
  SESSION_STATUSES,
  type ErrorPayload,
  type HistoryRow,
  type SessionView,
} from '../../../contract/ipc.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { call } from '../shared/ipc-client.ts';
import { downloadText } from './download-text.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { formatCount, formatDateTime, statusLabel } from './status-text.ts';
import { SessionDetail } from './SessionDetail.tsx';
import { gridStep, isChooseKey, stepIndex } from './roving-focus.ts';
import { StatusPill } from './SessionList.tsx';
import type { useRevealedResult } from './use-result.ts';

export const HISTORY_PAGE_SIZE = 20;

interface Filter {
  reference: string;
  status: (typeof SESSION_STATUSES)[number] | '';
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

/** The table's columns; the reference (a button that opens the row) first takes the Tab stop. */
const COLUMNS = 6;
const REFERENCE_COLUMN = 1;

interface Props {
  results: ReturnType<typeof useRevealedResult>;
  confirm: (request: ConfirmRequest) => void;
  /** The row shown in the detail (kept in the page's address, so a reload keeps it). */
  selected?: string | null;
  onSelect?: (key: string | null) => void;
  onStartedNew?: ComponentProps<typeof SessionDetail>['onStartedNew'];
}

export function HistoryPanel({ results, confirm, selected = null, onSelect, onStartedNew }: Props) {
  const { t } = useTranslation('staff');
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

  // The cell holding the grid's one Tab stop: the last one the focus was on (its row, else the
  // chosen row, else the first) and column.
  const tableRef = useRef<HTMLTableElement>(null);
  const [cell, setCell] = useState<{ row: string | null; column: number }>({
    row: null,
    column: REFERENCE_COLUMN,
  });
  const keys = rows.map(rowKey);
  const stopRow =
    cell.row !== null && keys.includes(cell.row)
      ? cell.row
      : chosen !== null && keys.includes(chosen)
        ? chosen
        : (keys[0] ?? null);
  const isStop = (key: string, column: number) => key === stopRow && column === cell.column;

  function onGridKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (stopRow === null || event.altKey) return;
    const step = gridStep(event.key, event.ctrlKey || event.metaKey);
    if (step) {
      event.preventDefault();
      const from = keys.indexOf(stopRow);
      const row = step.row ? stepIndex(from, keys.length, step.row) : from;
      const column = step.cell ? stepIndex(cell.column, COLUMNS, step.cell) : cell.column;
      setCell({ row: keys[row] ?? null, column });
      const td = tableRef.current?.tBodies[0]?.rows[row]?.cells[column];
      (td?.querySelector('button') ?? td)?.focus();
    } else if (isChooseKey(event.key) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      choose(stopRow);
    }
  }

  /** A cell focused by a click (or a row opened by one) takes the Tab stop. */
  function onGridFocus(key: string, target: EventTarget) {
    const td = target instanceof HTMLElement ? target.closest('td') : null;
    if (td) setCell({ row: key, column: td.cellIndex });
  }
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
        <h2 id="history-title">{t('history.title')}</h2>
        <form className="filters" onSubmit={search} noValidate>
          <label>
            {t('history.reference_contains')}
            <input
              name="reference"
              value={draft.reference}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, reference: e.target.value })}
            />
          </label>
          <label>
            {t('history.status')}
            <select
              name="status"
              value={draft.status}
              onChange={(e) => setDraft({ ...draft, status: e.target.value as Filter['status'] })}
            >
              <option value="">{t('history.any')}</option>
              {SESSION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('history.from')}
            <input
              type="date"
              name="from"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            {t('history.to')}
            <input
              type="date"
              name="to"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" className="primary">
            {t('history.search')}
          </button>
          <button type="button" onClick={() => void exportCsv()} data-testid="export-csv">
            {t('history.export_csv')}
          </button>
        </form>
        <ErrorNote error={error} onDismiss={() => setError(null)} />
        <table
          className="history-table"
          role="grid"
          aria-labelledby="history-title"
          aria-busy={loading}
          ref={tableRef}
        >
          <thead>
            <tr>
              <th scope="col">{t('history.col.started')}</th>
              <th scope="col">{t('history.col.reference')}</th>
              <th scope="col">{t('history.col.type')}</th>
              <th scope="col">{t('history.col.status')}</th>
              <th scope="col">{t('history.col.attempts')}</th>
              <th scope="col">{t('history.col.station')}</th>
            </tr>
          </thead>
          <tbody onKeyDown={onGridKeyDown}>
            {rows.map((r) => {
              const key = rowKey(r);
              const stopAt = (column: number) => (isStop(key, column) ? 0 : -1);
              return (
                <tr
                  key={key}
                  aria-selected={key === chosen}
                  data-testid="history-row"
                  data-reference={r.reference}
                  className={key === chosen ? 'selected' : undefined}
                  onFocus={(e) => onGridFocus(key, e.target)}
                >
                  <td tabIndex={stopAt(0)}>{formatDateTime(r.created)}</td>
                  <td className="history-ref">
                    <button
                      type="button"
                      className="link"
                      tabIndex={stopAt(REFERENCE_COLUMN)}
                      onClick={() => choose(key)}
                      data-testid="history-open"
                    >
                      {r.reference || t('reference.none')}
                    </button>
                  </td>
                  <td tabIndex={stopAt(2)}>
                    {r.type === 'document' ? t('type.document') : t('type.id_number')}
                  </td>
                  <td tabIndex={stopAt(3)}>
                    <StatusPill session={r} />
                  </td>
                  <td tabIndex={stopAt(4)}>{formatCount(r.attempts)}</td>
                  <td tabIndex={stopAt(5)}>{r.station}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && !loading && <p className="muted">{t('history.nothing')}</p>}
        <div className="row between">
          <span className="muted">{t('history.pages', { total, page: page + 1, pages })}</span>
          <div className="row">
            <button type="button" disabled={page === 0} onClick={() => reload({ page: page - 1 })}>
              {t('history.previous')}
            </button>
            <button type="button" disabled={page + 1 >= pages} onClick={() => reload({ page: page + 1 })}>
              {t('history.next')}
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
          <section className="card muted">{t('history.choose')}</section>
        )}
      </div>
    </div>
  );
}
