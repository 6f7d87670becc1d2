/** The fleet's latest sessions (the hub sends up to 500), one table per store. */
import type { Overview } from './api.ts';
import { statusClass } from './format.ts';
import { useI18n } from './i18n.tsx';

type Session = Overview['sessions'][number];

export function SessionsByStore({ sessions }: { sessions: Session[] }) {
  const { t, time, count } = useI18n();
  if (sessions.length === 0) return <p className="muted">{t.noSessions}</p>;
  const stores = new Map<string, Session[]>();
  for (const s of sessions) stores.set(s.store, [...(stores.get(s.store) ?? []), s]);
  return (
    <>
      {[...stores].map(([store, list]) => (
        <section key={store} aria-label={t.sessionsIn(store)}>
          <h3>
            {store} <span className="muted">({count(list.length, t.sessionCount)})</span>
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
                    {/* Stripe's own status word, as the station's logs and Stripe's dashboard show it. */}
                    <span className={statusClass(s.status)} lang="en">
                      {s.status}
                    </span>
                  </td>
                  <td>{s.lastErrorCode ?? '—'}</td>
                  <td>{time(s.created)}</td>
                  <td>{time(s.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
