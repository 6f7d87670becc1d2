/**
 * Settings for an unattended kiosk (issue 9): the staff PIN that leaves the kiosk screen, the
 * walk-away time, the opening hours and time zone (the display may sleep outside them), and what
 * happened at the kiosk (calls for help, walk-aways, staff exits). Strings: the `kiosk` namespace.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload, KioskStatus } from '../../../contract/ipc.ts';
import type { ManagedPolicy } from '../../../contract/policy.ts';
import { PIN_DIGITS, WEEKDAYS } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { currentLocale } from '../shared/i18n/index.ts';
import {
  checkKioskText,
  toKioskText,
  type KioskSettingsErrors,
  type KioskSettingsText,
} from './kiosk-settings-form.ts';
import './kiosk-settings.css';

const PIN_PATTERN = new RegExp(`^[0-9]{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`);

export function KioskSettings({ managed = null }: { managed?: ManagedPolicy | null }) {
  const { t } = useTranslation('kiosk');
  // Set by the hub's policy (issue 18): shown, not editable here.
  const source = (field: 'kioskWalkAwaySeconds' | 'kioskOpeningHours' | 'kioskTimeZone') =>
    managed?.sources[field];
  const [status, setStatus] = useState<KioskStatus | null>(null);
  const [text, setText] = useState<KioskSettingsText | null>(null);
  const [errors, setErrors] = useState<KioskSettingsErrors>({});
  const [failure, setFailure] = useState<ErrorPayload | null>(null);
  const [saved, setSaved] = useState(false);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState(false);
  const [pinFailure, setPinFailure] = useState<ErrorPayload | null>(null);
  const [pinSaved, setPinSaved] = useState(false);

  const refresh = () => call('kiosk.status').then(setStatus, setFailure);
  useEffect(() => {
    void refresh();
    call('settings.get').then((s) => setText(toKioskText(s)), setFailure);
  }, [managed?.version]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!text) return;
    setSaved(false);
    setFailure(null);
    const checked = checkKioskText(text);
    setErrors(checked.errors);
    if (!checked.update) return;
    try {
      setText(toKioskText(await call('settings.update', checked.update)));
      setSaved(true);
    } catch (e) {
      setFailure(e as ErrorPayload);
    }
  }

  async function savePin(event: FormEvent) {
    event.preventDefault();
    setPinSaved(false);
    setPinFailure(null);
    const ok = PIN_PATTERN.test(pin);
    setPinError(!ok);
    if (!ok) return;
    try {
      await call('kiosk.setPin', { pin });
      setPin('');
      setPinSaved(true);
      void refresh();
    } catch (e) {
      setPinFailure(e as ErrorPayload);
    }
  }

  const time = (at: number) =>
    new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);

  return (
    <section className="card" aria-labelledby="kiosk-title" data-testid="kiosk-settings">
      <h2 id="kiosk-title">{t('settings.title')}</h2>

      <form onSubmit={savePin} noValidate aria-labelledby="kiosk-pin-title">
        <h3 id="kiosk-pin-title">{t('settings.pinTitle')}</h3>
        {status && (
          <p className={status.pinSet ? 'hint' : 'note note-warn'} data-testid="kiosk-pin-state">
            {t(status.pinSet ? 'settings.pinSet' : 'settings.pinNotSet')}
          </p>
        )}
        {status?.lockedForSeconds && (
          <p className="note note-warn">{t('settings.locked', { seconds: status.lockedForSeconds })}</p>
        )}
        <div className="field">
          <label htmlFor="kiosk-pin">{t('settings.pinLabel')}</label>
          <input
            id="kiosk-pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={PIN_DIGITS.max}
            value={pin}
            aria-invalid={pinError || undefined}
            aria-describedby={pinError ? 'kiosk-pin-error' : undefined}
            onChange={(e) => setPin(e.target.value.replace(/\s/g, ''))}
          />
          {pinError && (
            <p id="kiosk-pin-error" className="field-error">
              {t('settings.pinInvalid')}
            </p>
          )}
        </div>
        <ErrorNote error={pinFailure} onDismiss={() => setPinFailure(null)} />
        {pinSaved && (
          <p className="note note-ok" role="status">
            {t('settings.pinSaved')}
          </p>
        )}
        <button type="submit" className="secondary" data-testid="kiosk-pin-save">
          {t('settings.pinSave')}
        </button>
      </form>

      {text && (
        <form onSubmit={save} noValidate aria-label={t('settings.title')}>
          <div className="field">
            <label htmlFor="kiosk-walk-away">{t('settings.walkAwayLabel')}</label>
            <input
              id="kiosk-walk-away"
              inputMode="numeric"
              autoComplete="off"
              value={text.walkAway}
              readOnly={source('kioskWalkAwaySeconds') !== undefined}
              data-managed={source('kioskWalkAwaySeconds')}
              aria-invalid={errors.walkAway ? true : undefined}
              aria-describedby="kiosk-walk-away-hint"
              onChange={(e) => setText({ ...text, walkAway: e.target.value })}
            />
            <p id="kiosk-walk-away-hint" className={errors.walkAway ? 'field-error' : 'hint'}>
              {t(errors.walkAway ?? 'settings.walkAwayHint')}
            </p>
          </div>
          <fieldset
            className="kiosk-hours"
            aria-describedby="kiosk-hours-hint"
            disabled={source('kioskOpeningHours') !== undefined}
            data-managed={source('kioskOpeningHours')}
          >
            <legend>{t('settings.hoursTitle')}</legend>
            <p id="kiosk-hours-hint" className={errors.hours ? 'field-error' : 'hint'}>
              {source('kioskOpeningHours') !== undefined
                ? t('staff:managed.read_only', { source: source('kioskOpeningHours') })
                : errors.hours
                  ? t('settings.hoursInvalid', { day: t('settings.day', { day: errors.hours }) })
                  : t('settings.hoursHint')}
            </p>
            {WEEKDAYS.map((day) => (
              <div key={day} className="kiosk-day" data-day={day}>
                <span id={`kiosk-day-${day}`}>{t('settings.day', { day })}</span>
                {(['open', 'close'] as const).map((edge) => (
                  <label key={edge}>
                    {t(edge === 'open' ? 'settings.opens' : 'settings.closes')}{' '}
                    <input
                      type="time"
                      value={text.hours[day][edge]}
                      aria-invalid={errors.hours === day || undefined}
                      onChange={(e) =>
                        setText({
                          ...text,
                          hours: { ...text.hours, [day]: { ...text.hours[day], [edge]: e.target.value } },
                        })
                      }
                    />
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="kiosk-time-zone">{t('settings.timeZoneLabel')}</label>
            <input
              id="kiosk-time-zone"
              autoComplete="off"
              value={text.timeZone}
              readOnly={source('kioskTimeZone') !== undefined}
              data-managed={source('kioskTimeZone')}
              aria-invalid={errors.timeZone ? true : undefined}
              aria-describedby="kiosk-time-zone-hint"
              onChange={(e) => setText({ ...text, timeZone: e.target.value })}
            />
            <p id="kiosk-time-zone-hint" className={errors.timeZone ? 'field-error' : 'hint'}>
              {t(errors.timeZone ?? 'settings.timeZoneHint')}
            </p>
          </div>
          <ErrorNote error={failure} onDismiss={() => setFailure(null)} />
          {saved && (
            <p className="note note-ok" role="status">
              {t('settings.saved')}
            </p>
          )}
          <button type="submit" className="primary" data-testid="kiosk-settings-save">
            {t('settings.save')}
          </button>
        </form>
      )}

      <h3>{t('settings.journalTitle')}</h3>
      {status && status.journal.length === 0 && <p className="hint">{t('settings.journalEmpty')}</p>}
      {status && status.journal.length > 0 && (
        <ol className="kiosk-journal" data-testid="kiosk-journal">
          {status.journal.slice(0, 20).map((e) => (
            <li key={`${e.at}-${e.type}`} data-type={e.type}>
              <time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time>{' '}
              {t('settings.journal', { type: e.type })}
              {e.sessionId && <code> {e.sessionId}</code>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
