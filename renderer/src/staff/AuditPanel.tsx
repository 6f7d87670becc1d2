/**
 * The audit trail for managers: the latest entries (who, when, what, which verification, the
 * reason), the break found at start if the files were changed, and the export as CSV or JSON.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { AuditEntry, ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { downloadText } from './download-text.ts';
import { ErrorNote } from './ErrorNote.tsx';

const formatTime = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function AuditPanel() {
  const { t } = useTranslation('staff');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [broken, setBroken] = useState<{ seq: number } | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  useEffect(() => {
    call('audit.list', { limit: 200 }).then(
      (r) => {
        setEntries(r.entries);
        setTotal(r.total);
        setBroken(r.broken);
      },
      (e: ErrorPayload) => setError(e),
    );
  }, []);

  async function exportAs(format: 'csv' | 'json') {
    try {
      const { text } = await call('audit.export', { format });
      downloadText(
        `countersign-audit.${format}`,
        text,
        format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json',
      );
    } catch (e) {
      setError(e as ErrorPayload);
    }
  }

  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit">
      <div className="row between">
        <h2 id="audit-title">{t('audit.title')}</h2>
        <div className="row">
          <button type="button" onClick={() => void exportAs('csv')} data-testid="audit-export-csv">
            {t('audit.export_csv')}
          </button>
          <button type="button" onClick={() => void exportAs('json')}>
            {t('audit.export_json')}
          </button>
        </div>
      </div>
      {broken && (
        <p className="note note-warn" data-testid="audit-broken">
          {t('audit.broken', { seq: broken.seq })}
        </p>
      )}
      <p className="muted">{t('audit.count', { shown: entries.length, total })}</p>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.col.when')}</th>
            <th scope="col">{t('audit.col.who')}</th>
            <th scope="col">{t('audit.col.what')}</th>
            <th scope="col">{t('audit.col.outcome')}</th>
            <th scope="col">{t('audit.col.verification')}</th>
            <th scope="col">{t('audit.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
              <td>{formatTime(e.at)}</td>
              <td data-testid="audit-who">{e.actor?.name ?? t('audit.nobody')}</td>
              <td>
                <code>{e.action}</code>
                {e.detail ? <span className="muted"> {e.detail}</span> : null}
              </td>
              <td>{t('audit.outcome', { outcome: e.outcome })}</td>
              <td>
                {e.reference ?? ''} {e.sessionId ? <code>{e.sessionId}</code> : null}
              </td>
              <td>
                {e.reason ? t('reveal.reason', { reason: e.reason }) : ''}
                {e.note ? ` (${e.note})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
