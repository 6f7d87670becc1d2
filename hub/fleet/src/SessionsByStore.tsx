/**
 * The fleet's sessions, one table per store: the overview brings each store's latest page (the
 * hub pages per store, so no store drops off), and "Show older sessions" brings the store's next
 * page under it.
 */
import { useState } from 'react';
import { fleetApi, type Overview } from './api.ts';
import { statusClass } from './format.ts';
import { useI18n } from './i18n.tsx';
import { ErrorNote } from './ErrorNote.tsx';

type Session = Overview['sessions'][number];

export function SessionsByStore({
  sessions,
  storesWithMore,
}: {
  sessions: Session[];
  storesWithMore: string[];
}) {
  const { t, time, count, status, errorCode } = useI18n();
  // Older pages per store, kept across the overview's refreshes (which bring the first page).
  const [older, setOlder] = useState<Record<string, { sessions: Session[]; more: boolean }>>({});
  const [error, setError] = useState<unknown>(null);
  if (sessions.length === 0) return <p className="muted">{t.noSessions}</p>;
  const stores = new Map<string, Session[]>();
  for (const s of sessions) stores.set(s.store, [...(stores.get(s.store) ?? []), s]);

  const loadOlder = async (store: string, shown: Session[]) => {
    const last = shown.at(-1);
    if (!last) return;
    try {
      const page = await fleetApi.sessionsPage(store, last);
      setOlder((o) => ({
        ...o,
        [store]: { sessions: [...(o[store]?.sessions ?? []), ...page.sessions], more: page.more },
      }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <ErrorNote error={error} />
      {[...stores].map(([store, first]) => {
        const ids = new Set(first.map((s) => s.id));
        const list = [...first, ...(older[store]?.sessions ?? []).filter((s) => !ids.has(s.id))];
        const more = older[store] ? older[store].more : storesWithMore.includes(store);
        return (
          <section key={store} aria-label={t.sessionsIn(store)}>
            <h3>
              {store}
              <span className="muted">{t.storeCount(count(list.length, t.sessionCount))}</span>
            </h3>
            <table>
              <thead>
                <tr>
                  <th>{t.colSession}</th>
                  <th>{t.colStation}</th>
                  <th>{t.colStatus}</th>
                  <th>{t.colCode}</th>
                  <th>{t.colCreated}</th>
                  <th>{t.colUpdated}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <code>{s.id}</code>
                    </td>
                    <td>{s.station ?? '—'}</td>
                    <td>
                      {/* In the page's words; Stripe's own code (as the logs and Stripe's dashboard say it) in the tooltip. */}
                      <span
                        className={statusClass(s.status)}
                        title={t.codeTooltip(s.status)}
                        data-code={s.status}
                      >
                        {status(s.status)}
                      </span>
                    </td>
                    <td>
                      {s.lastErrorCode === null ? (
                        '—'
                      ) : (
                        <span title={t.codeTooltip(s.lastErrorCode)} data-code={s.lastErrorCode}>
                          {errorCode(s.lastErrorCode)}
                        </span>
                      )}
                    </td>
                    <td>{time(s.created)}</td>
                    <td>{time(s.updated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more && (
              <p>
                <button
                  type="button"
                  aria-label={t.olderSessionsIn(store)}
                  onClick={() => void loadOlder(store, list)}
                >
                  {t.olderSessions}
                </button>
              </p>
            )}
          </section>
        );
      })}
    </>
  );
}
