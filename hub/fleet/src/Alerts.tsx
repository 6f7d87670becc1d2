/**
 * Alerts: the open ones at the top of the page (what, where, since when, and whether the alert
 * URL has it), the latest resolved ones, and the settings (thresholds, the alert URL and its
 * signing secret). It reloads when the stream says alerts changed (`version`).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AlertIncident, AlertSettings, AlertsView } from '../../src/dashboard-types.ts';
import { FleetApiError } from './api.ts';
import { useI18n } from './i18n.tsx';
import { pictureApi } from './picture-api.ts';
import { usePicture } from './picture-i18n.ts';
import { ErrorNote } from './ErrorNote.tsx';

function Incident({ i }: { i: AlertIncident }) {
  const { time, clock } = useI18n();
  const { p } = usePicture();
  const a = p.alerts;
  const station = i.stationName ?? i.stationId ?? '—';
  const detail =
    i.kind === 'station_offline'
      ? a.describe.station_offline(station, i.store, time(Number(i.details.lastSeen)))
      : i.kind === 'help_unanswered'
        ? a.describe.help_unanswered(station, i.store, clock(Number(i.details.at)))
        : a.describe.failure_rate(
            i.store,
            Number(i.details.percent),
            Number(i.details.failed),
            Number(i.details.results),
          );
  const delivery =
    i.delivery === 'retrying'
      ? a.delivery.retrying(i.attempts)
      : i.delivery === 'gave_up'
        ? a.delivery.gave_up(i.attempts)
        : a.delivery[i.delivery];
  return (
    <li className={i.resolvedAt === null ? 'alert alert-open' : 'alert'}>
      <strong>{a.kinds[i.kind]}</strong>
      {a.kindSeparator}
      {detail}{' '}
      <span className="muted">
        {i.resolvedAt === null ? a.opened(time(i.openedAt)) : a.resolved(time(i.resolvedAt))}
        {p.separator}
        {delivery}
      </span>
    </li>
  );
}

const text = (n: number | null) => (n === null ? '' : String(n));

function Settings({ settings, onSaved }: { settings: AlertSettings; onSaved: () => void }) {
  const { p } = usePicture();
  const { errorText } = useI18n();
  const a = p.alerts;
  const [draft, setDraft] = useState(() => ({
    url: settings.url ?? '',
    secret: settings.secret ?? '',
    offlineMinutes: text(settings.offlineMinutes),
    helpMinutes: text(settings.helpMinutes),
    failureRatePercent: text(settings.failureRatePercent),
    failureWindowMinutes: String(settings.failureWindowMinutes),
    failureMinResults: String(settings.failureMinResults),
  }));
  const [state, setState] = useState<'idle' | 'busy' | 'saved'>('idle');
  const [error, setError] = useState<unknown>(null);
  const field = (key: keyof typeof draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const num = (v: string) => (v.trim() === '' ? null : Number(v));

  async function save(e: FormEvent) {
    e.preventDefault();
    setState('busy');
    setError(null);
    try {
      const saved = await pictureApi.saveAlertSettings({
        url: draft.url.trim() || null,
        secret: draft.secret.trim() || null,
        offlineMinutes: num(draft.offlineMinutes),
        helpMinutes: num(draft.helpMinutes),
        failureRatePercent: num(draft.failureRatePercent),
        failureWindowMinutes: Number(draft.failureWindowMinutes),
        failureMinResults: Number(draft.failureMinResults),
      });
      setDraft((d) => ({ ...d, secret: saved.secret ?? '' }));
      setState('saved');
      onSaved();
    } catch (caught) {
      setError(caught);
      setState('idle');
    }
  }

  const errorId = 'alert-settings-error';
  const described = error !== null ? errorId : undefined;
  // Each is a whole number from 1; an optional one left empty turns its rule off.
  const numberInput = (label: string, key: keyof typeof draft, o: { max?: number; required?: boolean }) => (
    <label>
      {label}
      <input
        type="number"
        min={1}
        max={o.max}
        required={o.required}
        inputMode="numeric"
        aria-describedby={described}
        {...field(key)}
      />
    </label>
  );
  return (
    <details className="settings">
      <summary>{a.settings}</summary>
      <form onSubmit={(e) => void save(e)} className="stack">
        <p className="muted">{a.offHint}</p>
        {numberInput(a.offlineMinutes, 'offlineMinutes', { max: 10080 })}
        {numberInput(a.helpMinutes, 'helpMinutes', { max: 10080 })}
        {numberInput(a.failureRate, 'failureRatePercent', { max: 100 })}
        {numberInput(a.failureWindow, 'failureWindowMinutes', { max: 10080, required: true })}
        {numberInput(a.failureMin, 'failureMinResults', { required: true })}
        <label>
          {a.url}
          <input type="url" autoComplete="off" aria-describedby={described} {...field('url')} />
        </label>
        <label>
          {a.secret}
          <input
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={described}
            {...field('secret')}
          />
        </label>
        <p className="row">
          <button type="submit" className="primary" disabled={state === 'busy'}>
            {a.save}
          </button>
          {state === 'saved' && (
            <span role="status" className="muted">
              {a.saved}
            </span>
          )}
        </p>
        {error !== null && (
          <p className="note note-bad" role="alert" id={errorId}>
            {error instanceof FleetApiError && error.code === 'parameter_invalid'
              ? a.invalid
              : errorText(error)}
          </p>
        )}
      </form>
    </details>
  );
}

export function Alerts({ version }: { version: number }) {
  const { p } = usePicture();
  const a = p.alerts;
  const [view, setView] = useState<AlertsView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    pictureApi.alerts().then(
      (next) => {
        if (!current) return;
        setView(next);
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [version, reloads]);

  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{a.heading}</h2>
      <ErrorNote error={error} />
      {view && (
        <>
          {view.open.length === 0 ? (
            <p className="muted">{a.none}</p>
          ) : (
            <ul className="alerts" aria-live="polite">
              {view.open.map((i) => (
                <Incident key={i.id} i={i} />
              ))}
            </ul>
          )}
          {view.recent.length > 0 && (
            <details>
              <summary>{a.recent}</summary>
              <ul className="alerts">
                {view.recent.map((i) => (
                  <Incident key={i.id} i={i} />
                ))}
              </ul>
            </details>
          )}
          <Settings settings={view.settings} onSaved={() => setReloads((n) => n + 1)} />
        </>
      )}
    </section>
  );
}
