/** The fleet's latest sessions (the hub sends up to 500), one table per store. */
import type { Overview } from './api.ts';
import { statusClass, utc } from './format.ts';

type Session = Overview['sessions'][number];

export function SessionsByStore({ sessions }: { sessions: Session[] }) {
  if (sessions.length === 0) return <p className="muted">No sessions yet.</p>;
  const stores = new Map<string, Session[]>();
  for (const s of sessions) stores.set(s.store, [...(stores.get(s.store) ?? []), s]);
  return (
    <>
      {[...stores].map(([store, list]) => (
        <section key={store} aria-label={`Sessions in ${store}`}>
          <h3>{store}</h3>
          <table>
            <thead>
              <tr>
                <th>Session</th>
                <th>Station</th>
                <th>Status</th>
                <th>Code</th>
                <th>Created</th>
                <th>Updated</th>
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
                    <span className={statusClass(s.status)}>{s.status}</span>
                  </td>
                  <td>{s.lastErrorCode ?? '—'}</td>
                  <td>{utc(s.created)}</td>
                  <td>{utc(s.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
