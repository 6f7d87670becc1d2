/**
 * A check without biometrics, for a manager: when a customer declines the selfie or the hosted
 * flow, the manager looks at the ID and records the document type, at most the last four digits
 * of its number (never the full number), the outcome and why. It shows as "checked by staff",
 * never as verified by Stripe.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload, SessionView } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import {
  MANUAL_DOCUMENT_TYPES,
  MANUAL_OUTCOMES,
  MANUAL_REASONS,
} from '../../../contract/manual-check-lists.ts';

const DOCUMENTS = MANUAL_DOCUMENT_TYPES;
const OUTCOMES = MANUAL_OUTCOMES;
const REASONS = MANUAL_REASONS;

export function ManualCheckForm({ onRecorded }: { onRecorded: (view: SessionView) => void }) {
  const { t } = useTranslation('staff');
  const [open, setOpen] = useState(false);
  const [reference, setReference] = useState('');
  const [documentType, setDocumentType] = useState<(typeof DOCUMENTS)[number]>('driving_license');
  const [lastDigits, setLastDigits] = useState('');
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('accepted');
  const [reason, setReason] = useState<(typeof REASONS)[number]>('declined_selfie');
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="manual-check-open">
        {t('manual.open')}
      </button>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const view = await call('sessions.manualCheck', {
        reference,
        documentType,
        lastDigits,
        outcome,
        reason,
      });
      setOpen(false);
      setReference('');
      setLastDigits('');
      onRecorded(view);
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="manual-title" data-testid="manual-check">
      <h2 id="manual-title">{t('manual.title')}</h2>
      <p className="muted">{t('manual.why')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="manual-reference">{t('manual.reference')}</label>
        <input id="manual-reference" value={reference} onChange={(e) => setReference(e.target.value)} />
        <label htmlFor="manual-document">{t('manual.document')}</label>
        <select
          id="manual-document"
          value={documentType}
          onChange={(e) => setDocumentType(e.target.value as (typeof DOCUMENTS)[number])}
        >
          {DOCUMENTS.map((d) => (
            <option key={d} value={d}>
              {t('manual.document_type', { type: d })}
            </option>
          ))}
        </select>
        <label htmlFor="manual-digits">{t('manual.last_digits')}</label>
        <input
          id="manual-digits"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          value={lastDigits}
          onChange={(e) => setLastDigits(e.target.value)}
        />
        <label htmlFor="manual-outcome">{t('manual.outcome')}</label>
        <select
          id="manual-outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}
        >
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t('manual.outcome_value', { outcome: o })}
            </option>
          ))}
        </select>
        <label htmlFor="manual-reason">{t('manual.reason')}</label>
        <select
          id="manual-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}
        >
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t('manual.reason_value', { reason: r })}
            </option>
          ))}
        </select>
        <div className="row">
          <button type="submit" className="primary" disabled={busy} data-testid="manual-check-save">
            {t('manual.save')}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            {t('reveal.cancel')}
          </button>
        </div>
      </form>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
