/** Today's verifications, newest first, kept live by `session.updated`. */
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from '../hooks.ts';
import { formatTime, STATUS_LABELS, statusTone } from '../status-text.ts';

export function StatusPill({ session }: { session: Pick<SessionView, 'status' | 'redacted'> }) {
  return (
    <span
      className={`pill pill-${statusTone(session.status)}`}
      data-testid="status"
      data-status={session.status}
    >
      {STATUS_LABELS[session.status]}
      {session.redacted && <span className="pill-extra"> · redacted</span>}
    </span>
  );
}

export function SessionList({
  sessions,
  selected,
  onSelect,
  onSkip,
}: {
  sessions: readonly SessionView[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** Moves the focus past the list, to the chosen verification's details. */
  onSkip?: () => void;
}) {
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">Today</h2>
      {onSkip && sessions.length > 0 && (
        <button type="button" className="link skip-link" onClick={onSkip} data-testid="skip-to-detail">
          Skip the list: go to the details
        </button>
      )}
      {sessions.length === 0 ? (
        <p className="muted">No verifications yet today.</p>
      ) : (
        <ul className="session-list" data-testid="session-list">
          {sessions.map((s) => {
            const key = sessionKey(s);
            return (
              <li key={key}>
                <button
                  type="button"
                  className={key === selected ? 'session-row selected' : 'session-row'}
                  aria-pressed={key === selected}
                  onClick={() => onSelect(key)}
                  data-testid="session-row"
                  data-reference={s.reference}
                >
                  <span className="session-ref">{s.reference || '(no reference)'}</span>
                  <span className="muted">{formatTime(s.created)}</span>
                  <StatusPill session={s} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
