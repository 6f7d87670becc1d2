/** Today's verifications, newest first, kept live by `session.updated`. */
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from '../hooks.ts';
import {
  GROUP_LABELS,
  sessionState,
  STATE_LABELS,
  stateGroup,
  stateTone,
  type SessionGroup,
  type StateFacts,
} from '../session-state.ts';
import { formatTime } from '../status-text.ts';

export function StatusPill({ session }: { session: StateFacts & Pick<SessionView, 'redacted'> }) {
  const state = sessionState(session);
  return (
    <span
      className={`pill pill-${stateTone(state)}`}
      data-testid="status"
      data-status={session.status}
      data-state={state}
    >
      {STATE_LABELS[state]}
      {session.redacted && <span className="pill-extra"> · redacted</span>}
    </span>
  );
}

export type TodayFilter = SessionGroup | 'all';
const FILTERS: readonly TodayFilter[] = ['all', 'active', 'attention', 'done'];

export function SessionList({
  sessions,
  selected,
  onSelect,
  onSkip,
  filter = 'all',
  onFilter,
}: {
  filter?: TodayFilter;
  onFilter?: (filter: TodayFilter) => void;
  sessions: readonly SessionView[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** Moves the focus past the list, to the chosen verification's details. */
  onSkip?: () => void;
}) {
  const shown = filter === 'all' ? sessions : sessions.filter((s) => stateGroup(sessionState(s)) === filter);
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">Today</h2>
      {onFilter && sessions.length > 0 && (
        <div className="row filter-row" role="group" aria-label="Show">
          {FILTERS.map((f) => {
            const n =
              f === 'all'
                ? sessions.length
                : sessions.filter((s) => stateGroup(sessionState(s)) === f).length;
            return (
              <button
                key={f}
                type="button"
                className={f === filter ? 'filter active' : 'filter'}
                aria-pressed={f === filter}
                onClick={() => onFilter(f)}
                data-testid={`filter-${f}`}
              >
                {GROUP_LABELS[f]} ({n})
              </button>
            );
          })}
        </div>
      )}
      {onSkip && sessions.length > 0 && (
        <button type="button" className="link skip-link" onClick={onSkip} data-testid="skip-to-detail">
          Skip the list: go to the details
        </button>
      )}
      {sessions.length === 0 ? (
        <p className="muted">No verifications yet today.</p>
      ) : shown.length === 0 ? (
        <p className="muted">None of today’s verifications is in “{GROUP_LABELS[filter]}”.</p>
      ) : (
        <ul className="session-list" data-testid="session-list">
          {shown.map((s) => {
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
