/**
 * The stations' audit trails on the fleet page (issue 19): newest first, pages of 50, searched by
 * store, person (part of the name, or the staff id) and action (from its start). Reads
 * `GET /fleet/api/audit` (audit-routes.ts). Each row's button opens the entry's detail with the
 * hub's check of its chain (AuditDetail.tsx).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { FleetAuditEntry, FleetAuditList } from '../../src/fleet-audit-api.ts';
import { answer } from './api.ts';
import { AuditDetail } from './AuditDetail.tsx';
import { useI18n } from './i18n.tsx';
import { AUDIT_WORDS } from './messages-audit.ts';
import { ErrorNote } from './ErrorNote.tsx';

interface Search {
  store: string;
  person: string;
  action: string;
}

const EMPTY: Search = { store: '', person: '', action: '' };

async function fetchAudit(search: Search, page: number): Promise<FleetAuditList> {
  const q = new URLSearchParams({ ...search, page: String(page) });
  return answer<FleetAuditList>(await fetch(`/fleet/api/audit?${q}`, { credentials: 'same-origin' }));
}

export function AuditView({ stores }: { stores: string[] }) {
  const { language, time, number } = useI18n();
  const w = AUDIT_WORDS[language];
  const [draft, setDraft] = useState<Search>(EMPTY);
  const [search, setSearch] = useState<Search>(EMPTY);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<FleetAuditList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<FleetAuditEntry | null>(null);

  useEffect(() => {
    let current = true;
    fetchAudit(search, page).then(
      (next) => {
        if (!current) return;
        setList(next);
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [search, page]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch(draft);
    setPage(1);
  };
  const set = (key: keyof Search) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;

  return (
    <section aria-labelledby="audit-heading" data-testid="audit">
      <h2 id="audit-heading">{w.heading}</h2>
      <p className="muted">{w.intro}</p>
      <form className="row filters" onSubmit={submit} role="search" aria-label={w.heading}>
        <label>
          {w.store}
          <select value={draft.store} onChange={set('store')}>
            <option value="">{w.anyStore}</option>
            {stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.person}
          <input type="search" value={draft.person} maxLength={200} onChange={set('person')} />
        </label>
        <label>
          {w.action}
          <input type="search" value={draft.action} maxLength={200} onChange={set('action')} />
        </label>
        <button type="submit">{w.search}</button>
      </form>
      <ErrorNote error={error} />
      {list && (
        <>
          <p className="muted" aria-live="polite">
            {w.total(number(list.total))}
          </p>
          {list.entries.length === 0 ? (
            <p>{w.none}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{w.when}</th>
                  <th scope="col">{w.store}</th>
                  <th scope="col">{w.station}</th>
                  <th scope="col">{w.staff}</th>
                  <th scope="col">{w.what}</th>
                  <th scope="col">{w.outcome}</th>
                  <th scope="col">{w.reference}</th>
                  <th scope="col">{w.detail.column}</th>
                </tr>
              </thead>
              <tbody>
                {list.entries.map((e) => (
                  <tr key={`${e.stationId}:${e.seq}`}>
                    <td>{time(e.at)}</td>
                    <td>{e.store}</td>
                    <td>{e.stationName}</td>
                    <td>{e.actor ? e.actor.name : w.nobody}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{w.outcomes[e.outcome] ?? e.outcome}</td>
                    <td>{e.reference ?? ''}</td>
                    <td>
                      <button
                        type="button"
                        aria-label={w.detail.openLabel(e.stationName, number(e.seq))}
                        aria-haspopup="dialog"
                        onClick={() => setShown(e)}
                      >
                        {w.detail.open}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <p className="row">
              <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                {w.previous}
              </button>
              <span>{w.page(number(page), number(pages))}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                {w.next}
              </button>
            </p>
          )}
        </>
      )}
      <AuditDetail entry={shown} onClose={() => setShown(null)} />
    </section>
  );
}
