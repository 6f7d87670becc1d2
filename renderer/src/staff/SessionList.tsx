/** Today's verifications, newest first, kept live by `session.updated`. */
import { useTranslation } from '../shared/i18n/react.ts';
import type { SessionView } from '../../../contract/ipc.ts';
import { sessionKey } from './console-data-hooks.ts';
import {
  groupLabel,
  sessionState,
  stateGroup,
  stateLabel,
  stateTone,
  type SessionGroup,
  type StateFacts,
} from './clerk-session-state.ts';
import { formatTime } from './status-text.ts';

export function StatusPill({ session }: { session: StateFacts & Pick<SessionView, 'redacted'> }) {
  const { t } = useTranslation('staff');
  const state = sessionState(session);
  return (
    <span
      className={`pill pill-${stateTone(state)}`}
      data-testid="status"
      data-status={session.status}
      data-state={state}
    >
      {stateLabel(state)}
      {session.redacted && (
        <span className="pill-extra">
          {t('separator')}
          {t('state.redacted_extra')}
        </span>
      )}
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
  const { t } = useTranslation('staff');
  const shown = filter === 'all' ? sessions : sessions.filter((s) => stateGroup(sessionState(s)) === filter);
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">{t('today.title')}</h2>
      {onFilter && sessions.length > 0 && (
        <div className="row filter-row" role="group" aria-label={t('today.filter_label')}>
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
                {t('today.filter', { group: groupLabel(f), count: n })}
              </button>
            );
          })}
        </div>
      )}
      {onSkip && sessions.length > 0 && (
        <button type="button" className="link skip-link" onClick={onSkip} data-testid="skip-to-detail">
          {t('today.skip')}
        </button>
      )}
      {sessions.length === 0 ? (
        <p className="muted">{t('today.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('today.none_in_group', { group: groupLabel(filter) })}</p>
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
                  <span className="session-ref">{s.reference || t('reference.none')}</span>
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
