/**
 * Today's verifications, newest first, kept live by `session.updated`. The list is a listbox with
 * one Tab stop (roving tabindex): the arrow keys, Home and End move inside it, Enter or Space
 * chooses, and the next Tab goes on to the chosen verification's actions.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
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
import { isChooseKey, listStep, stepIndex } from './roving-focus.ts';

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
  const keys = shown.map(sessionKey);
  const listRef = useRef<HTMLUListElement>(null);
  // The row holding the list's one Tab stop: the last one the focus was on, else the chosen one.
  const [active, setActive] = useState<string | null>(null);
  const stop =
    active !== null && keys.includes(active)
      ? active
      : selected !== null && keys.includes(selected)
        ? selected
        : (keys[0] ?? null);

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = listStep(event.key);
    if (step) {
      event.preventDefault();
      const index = stepIndex(stop === null ? 0 : keys.indexOf(stop), keys.length, step);
      const key = keys[index];
      if (key === undefined) return;
      setActive(key);
      listRef.current?.querySelectorAll<HTMLElement>('[role="option"]')[index]?.focus();
    } else if (isChooseKey(event.key) && stop !== null) {
      event.preventDefault();
      onSelect(stop);
    }
  }

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
        <ul
          className="session-list"
          role="listbox"
          aria-labelledby="today-title"
          data-testid="session-list"
          ref={listRef}
          onKeyDown={onKeyDown}
        >
          {shown.map((s) => {
            const key = sessionKey(s);
            return (
              <li
                key={key}
                role="option"
                aria-selected={key === selected}
                tabIndex={key === stop ? 0 : -1}
                className={key === selected ? 'session-row selected' : 'session-row'}
                onClick={() => onSelect(key)}
                onFocus={() => setActive(key)}
                data-testid="session-row"
                data-reference={s.reference}
              >
                <span className="session-ref">{s.reference || t('reference.none')}</span>
                <span className="muted">{formatTime(s.created)}</span>
                <StatusPill session={s} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
