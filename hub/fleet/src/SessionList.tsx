/**
 * One store's sessions, and its checks by staff as rows of their own outcome: a search (session id or reference, from its start), filters (outcome,
 * reason, days), pages of 25 newest first with the count that match, and the same rows as a CSV
 * file (a link: the hub writes it, in the page's language). It reloads when the stream says
 * sessions changed (`version`), staying on its page.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { LAST_ERROR_CODES } from '../../../contract/last-error-codes.ts';
import {
  CHECKED_BY_STAFF,
  LIST_OUTCOMES,
  SESSION_LIST_PAGE,
  type SessionList as List,
  type SessionListRow,
} from '../../src/dashboard-types.ts';
import { statusClass } from './format.ts';
import { useI18n } from './i18n.tsx';
import { pictureApi, type ListFilter } from './picture-api.ts';
import { usePicture } from './picture-i18n.ts';
import { ErrorNote } from './ErrorNote.tsx';

/** A check by staff without biometrics: no Stripe session, so no session id to show. */
const isCheck = (s: SessionListRow) => s.outcome === CHECKED_BY_STAFF;

export function SessionList({ stores, version }: { stores: string[]; version: number }) {
  const { language, time, number } = useI18n();
  const { p, reason } = usePicture();
  const l = p.list;
  const [store, setStore] = useState('');
  const [draft, setDraft] = useState<ListFilter>({});
  const [filter, setFilter] = useState<ListFilter>({});
  // The `before` of each page shown so far: page n is pages[n - 1].
  const [pages, setPages] = useState<Array<string | null>>([null]);
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<unknown>(null);
  const shown = store || stores[0] || '';
  const before = pages.at(-1) ?? null;

  useEffect(() => {
    if (!shown) return;
    let current = true;
    pictureApi.sessions(shown, filter, before).then(
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
  }, [shown, filter, before, version]);

  if (!shown) return null;
  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
    setPages([null]);
  };
  const set = (key: keyof ListFilter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const pageCount = list ? Math.max(1, Math.ceil(list.total / SESSION_LIST_PAGE)) : 1;

  return (
    <section aria-labelledby="sessions-list-heading">
      <h2 id="sessions-list-heading">{l.heading}</h2>
      <form className="row filters" onSubmit={search} role="search">
        <label>
          {l.store}
          <select
            value={shown}
            onChange={(e) => {
              setStore(e.target.value);
              setPages([null]);
            }}
          >
            {stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {l.search}
          <input type="search" value={draft.q ?? ''} maxLength={200} onChange={set('q')} />
        </label>
        <label>
          {l.outcome}
          <select value={draft.outcome ?? ''} onChange={set('outcome')}>
            <option value="">{l.any}</option>
            {LIST_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {p.dashboard.outcomes[o]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {l.code}
          <select value={draft.code ?? ''} onChange={set('code')}>
            <option value="">{l.any}</option>
            {LAST_ERROR_CODES.map((c) => (
              <option key={c} value={c}>
                {reason(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {p.dashboard.from}
          <input type="date" value={draft.from ?? ''} onChange={set('from')} />
        </label>
        <label>
          {p.dashboard.to}
          <input type="date" value={draft.to ?? ''} onChange={set('to')} />
        </label>
        <button type="submit" className="primary">
          {l.apply}
        </button>
        <a className="button" href={pictureApi.csvUrl(shown, filter, language)} download>
          {l.exportCsv}
        </a>
      </form>
      <ErrorNote error={error} />
      {list && (
        <>
          <p className="muted" aria-live="polite">
            {l.matching(number(list.total))}
            {p.separator}
            {l.pageOf(pages.length, pageCount)}
          </p>
          {list.sessions.length === 0 ? (
            <p className="muted">{l.none}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{p.csv.session}</th>
                    <th scope="col">{p.csv.station}</th>
                    <th scope="col">{l.outcomeCol}</th>
                    <th scope="col">{l.code}</th>
                    <th scope="col">{l.reference}</th>
                    <th scope="col">{l.checkedBy}</th>
                    <th scope="col">{p.csv.created}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.sessions.map((s) => (
                    <tr key={s.id}>
                      <td>{isCheck(s) ? '—' : <code>{s.id}</code>}</td>
                      <td>{s.station ?? '—'}</td>
                      <td>
                        <span className={statusClass(s.status)}>
                          {p.dashboard.outcomes[s.outcome]}
                          {s.checkAccepted !== null && p.separator + l.checkAccepted(s.checkAccepted)}
                        </span>
                      </td>
                      <td>{s.lastErrorCode ? reason(s.lastErrorCode) : '—'}</td>
                      <td>{s.clientReferenceId ?? '—'}</td>
                      <td>{s.checkedBy ?? '—'}</td>
                      <td>{time(s.created)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="row">
            <button
              type="button"
              disabled={pages.length === 1}
              onClick={() => setPages((x) => x.slice(0, -1))}
            >
              {l.previous}
            </button>
            <button
              type="button"
              disabled={!list.next}
              onClick={() => list.next && setPages((x) => [...x, list.next])}
            >
              {l.next}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
