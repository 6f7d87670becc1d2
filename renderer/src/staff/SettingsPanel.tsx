/** Settings: the key, then the behaviour (return address, watcher, idle reset, retention). */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { FormEvent } from 'react';
import type { AppStatus, ErrorPayload, Settings } from '../../../contract/ipc.ts';
import { SETTINGS_BOUNDS } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { downloadText } from './download-text.ts';
import {
  changedSettings,
  checkSettings,
  SETTINGS_LABEL_KEYS,
  toSettingsText,
  type SettingsField,
  type SettingsText,
} from './settings-form.ts';
import { HubSettings } from './HubSettings.tsx';
import { KeySettings } from './KeySettings.tsx';
import { RestrictedKeySettings } from './RestrictedKeySettings.tsx';
import { StaffSettings } from './StaffSettings.tsx';
import { useStaffContext } from './use-staff.ts';
import { LanguageSettings } from './LanguageSettings.tsx';
import { KioskSettings } from './KioskSettings.tsx';
import { ManagedSettings, useManagedPolicy } from './ManagedSettings.tsx';

const B = SETTINGS_BOUNDS;
/** Each field's range (a number field) or null (the return address). */
const FIELDS: ReadonlyArray<{ field: SettingsField; range: { min: number; max: number } | null }> = [
  { field: 'returnUrl', range: null },
  { field: 'fastIntervalMs', range: B.intervalMs },
  { field: 'slowIntervalMs', range: B.intervalMs },
  { field: 'idleResetSeconds', range: B.idleResetSeconds },
  { field: 'retentionDays', range: B.retentionDays },
  { field: 'maxAttempts', range: B.maxAttempts },
  { field: 'redactAfterDays', range: B.redactAfterDays },
  { field: 'updateFeedUrl', range: null },
];

export function SettingsPanel({
  status,
  confirm,
}: {
  status: AppStatus;
  confirm: (r: ConfirmRequest) => void;
}) {
  const { t } = useTranslation('staff');
  const staff = useStaffContext();
  const [loaded, setLoaded] = useState<Settings | null>(null);
  const [text, setText] = useState<SettingsText | null>(null);
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [failure, setFailure] = useState<ErrorPayload | null>(null);
  const [saved, setSaved] = useState(false);
  const [diagnostics, setDiagnostics] = useState<'idle' | 'busy' | 'saved'>('idle');
  const [diagnosticsFailure, setDiagnosticsFailure] = useState<ErrorPayload | null>(null);

  async function exportDiagnostics() {
    setDiagnostics('busy');
    setDiagnosticsFailure(null);
    try {
      const { text, filename } = await call('diagnostics.export');
      downloadText(filename, text, 'text/plain;charset=utf-8');
      setDiagnostics('saved');
    } catch (e) {
      setDiagnosticsFailure(e as ErrorPayload);
      setDiagnostics('idle');
    }
  }

  const managed = useManagedPolicy();
  // Keyed by any field: a setting the policy does not cover (the update feed) is never managed.
  const sources: Partial<Record<string, string>> = managed?.sources ?? {};
  // The hub's policy changes the settings in force: the form shows them again.
  useEffect(() => {
    call('settings.get').then((s) => {
      setLoaded(s);
      setText(toSettingsText(s));
    }, setFailure);
  }, [managed?.version]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!text || !loaded) return;
    setSaved(false);
    setFailure(null);
    const { update, errors: found } = await checkSettings(text);
    setErrors(found);
    if (!update) return;
    try {
      const next = await call('settings.update', changedSettings(loaded, update));
      setLoaded(next);
      setText(toSettingsText(next));
      setSaved(true);
    } catch (e) {
      setFailure(e as ErrorPayload);
    }
  }

  return (
    <div className="settings" data-testid="settings">
      <LanguageSettings />
      {/* No key is needed (nor offered) while a hub holds it. */}
      {status.backend !== 'hub' && <KeySettings status={status} confirm={confirm} />}
      {status.backend === 'stripe' && <RestrictedKeySettings status={status} />}
      {staff.status && <StaffSettings status={staff.status} />}
      <HubSettings status={status} confirm={confirm} />
      <ManagedSettings managed={managed} />
      {status.kiosk && <KioskSettings managed={managed} />}
      <form className="card" onSubmit={save} noValidate aria-labelledby="behaviour-title">
        <h2 id="behaviour-title">{t('settings.behaviour')}</h2>
        {text === null && !failure && <p className="muted">{t('settings.loading')}</p>}
        {text &&
          FIELDS.map(({ field, range }) => (
            <div key={field} className="field">
              <label htmlFor={`setting-${field}`}>{t(SETTINGS_LABEL_KEYS[field])}</label>
              <input
                id={`setting-${field}`}
                name={field}
                inputMode={range ? 'numeric' : 'url'}
                autoComplete="off"
                value={text[field]}
                readOnly={sources[field] !== undefined}
                data-managed={sources[field]}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={`setting-${field}-hint`}
                onChange={(e) => setText({ ...text, [field]: e.target.value })}
              />
              <p id={`setting-${field}-hint`} className={errors[field] ? 'field-error' : 'hint'}>
                {sources[field] !== undefined
                  ? t('managed.read_only', { source: sources[field] })
                  : (errors[field] ??
                    (field === 'redactAfterDays'
                      ? t('settings.redact_hint', B.redactAfterDays)
                      : range
                        ? t('settings.range_hint', range)
                        : field === 'updateFeedUrl'
                          ? t('settings.update_feed_hint')
                          : t('settings.return_url_hint')))}
              </p>
            </div>
          ))}
        <ErrorNote error={failure} onDismiss={() => setFailure(null)} />
        {saved && (
          <p className="note note-ok" role="status">
            {t('settings.saved')}
          </p>
        )}
        <button type="submit" className="primary" disabled={text === null}>
          {t('settings.save')}
        </button>
      </form>
      <section className="card" aria-labelledby="support-title">
        <h2 id="support-title">{t('support.title')}</h2>
        <p className="hint">{t('support.hint')}</p>
        <ErrorNote error={diagnosticsFailure} onDismiss={() => setDiagnosticsFailure(null)} />
        {diagnostics === 'saved' && (
          <p className="note note-ok" role="status">
            {t('support.saved')}
          </p>
        )}
        <button
          type="button"
          className="secondary"
          data-testid="export-diagnostics"
          disabled={diagnostics === 'busy'}
          onClick={() => void exportDiagnostics()}
        >
          {t('support.save')}
        </button>
      </section>
    </div>
  );
}
