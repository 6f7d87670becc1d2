/** Settings: the key, then the behaviour (return address, watcher, idle reset, retention). */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppStatus, ErrorPayload, Settings } from '../../../contract/ipc.ts';
import { SETTINGS_BOUNDS } from '../../../contract/ipc.ts';
import { call } from '../api.ts';
import type { ConfirmRequest } from '../ConfirmDialog.tsx';
import { ErrorNote } from '../ErrorNote.tsx';
import { downloadText } from '../download.ts';
import {
  changedSettings,
  checkSettings,
  toSettingsText,
  type SettingsField,
  type SettingsText,
} from '../settings-form.ts';
import { HubSettings } from './HubSettings.tsx';
import { KeySettings } from './KeySettings.tsx';

const B = SETTINGS_BOUNDS;
const FIELDS: ReadonlyArray<{ field: SettingsField; label: string; hint: string; numeric: boolean }> = [
  {
    field: 'returnUrl',
    // Issue 8 (#8): optional; unset, sessions have no return_url and Stripe ends on its own page.
    label: 'Page after the check (optional)',
    hint: 'Where a customer’s phone goes when the check is done; must start with https://. Leave empty and Stripe shows its own “you’re done” page.',
    numeric: false,
  },
  {
    field: 'fastIntervalMs',
    label: 'Status check interval while active (ms)',
    hint: `${B.intervalMs.min}–${B.intervalMs.max}`,
    numeric: true,
  },
  {
    field: 'slowIntervalMs',
    label: 'Status check interval when quiet (ms)',
    hint: `${B.intervalMs.min}–${B.intervalMs.max}`,
    numeric: true,
  },
  {
    field: 'idleResetSeconds',
    label: 'Customer screen resets after (seconds)',
    hint: `${B.idleResetSeconds.min}–${B.idleResetSeconds.max}`,
    numeric: true,
  },
  {
    field: 'retentionDays',
    label: 'Keep local history for (days)',
    hint: `${B.retentionDays.min}–${B.retentionDays.max}`,
    numeric: true,
  },
  {
    field: 'maxAttempts',
    label: 'Attempts per verification',
    hint: `${B.maxAttempts.min}–${B.maxAttempts.max}`,
    numeric: true,
  },
];

export function SettingsPanel({
  status,
  confirm,
}: {
  status: AppStatus;
  confirm: (r: ConfirmRequest) => void;
}) {
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

  useEffect(() => {
    call('settings.get').then((s) => {
      setLoaded(s);
      setText(toSettingsText(s));
    }, setFailure);
  }, []);

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
      {/* No key is needed (nor offered) while a hub holds it. */}
      {status.backend !== 'hub' && <KeySettings status={status} confirm={confirm} />}
      <HubSettings status={status} confirm={confirm} />
      <form className="card" onSubmit={save} noValidate aria-labelledby="behaviour-title">
        <h2 id="behaviour-title">Behaviour</h2>
        {text === null && !failure && <p className="muted">Loading…</p>}
        {text &&
          FIELDS.map(({ field, label, hint, numeric }) => (
            <div key={field} className="field">
              <label htmlFor={`setting-${field}`}>{label}</label>
              <input
                id={`setting-${field}`}
                name={field}
                inputMode={numeric ? 'numeric' : 'url'}
                autoComplete="off"
                value={text[field]}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={`setting-${field}-hint`}
                onChange={(e) => setText({ ...text, [field]: e.target.value })}
              />
              <p id={`setting-${field}-hint`} className={errors[field] ? 'field-error' : 'hint'}>
                {errors[field] ?? hint}
              </p>
            </div>
          ))}
        <ErrorNote error={failure} onDismiss={() => setFailure(null)} />
        {saved && (
          <p className="note note-ok" role="status">
            Settings saved.
          </p>
        )}
        <button type="submit" className="primary" disabled={text === null}>
          Save settings
        </button>
      </form>
      <section className="card" aria-labelledby="support-title">
        <h2 id="support-title">Support</h2>
        <p className="hint">
          One file for support: versions, settings, store health, counts and the last log lines. It never
          holds the key, a verification link or personal data.
        </p>
        <ErrorNote error={diagnosticsFailure} onDismiss={() => setDiagnosticsFailure(null)} />
        {diagnostics === 'saved' && (
          <p className="note note-ok" role="status">
            Diagnostics saved to your downloads.
          </p>
        )}
        <button
          type="button"
          className="secondary"
          data-testid="export-diagnostics"
          disabled={diagnostics === 'busy'}
          onClick={() => void exportDiagnostics()}
        >
          Save diagnostics for support
        </button>
      </section>
    </div>
  );
}
