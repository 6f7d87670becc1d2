/**
 * The reveal of a verified result. While staff sign-in is on it asks why first — age check,
 * contract, or other with a note — and the reason goes to main with the request (main refuses a
 * reveal without one, and writes it to the audit trail with the person's name).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import { REVEAL_REASONS, type RevealReason } from '../../../contract/roles.ts';
import { useStaffContext } from './use-staff.ts';
import type { useRevealedResult } from './use-result.ts';

export function RevealButton({ id, results }: { id: string; results: ReturnType<typeof useRevealedResult> }) {
  const { t } = useTranslation('staff');
  const staff = useStaffContext();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<RevealReason | null>(null);
  const [note, setNote] = useState('');
  const needsReason = staff.status?.enabled === true;

  if (!needsReason || !asking) {
    return (
      <button
        type="button"
        className="primary"
        disabled={results.loading}
        onClick={() => (needsReason ? setAsking(true) : void results.reveal(id))}
        data-testid="reveal"
      >
        {t('detail.reveal')}
      </button>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason) return;
    void results.reveal(id, reason, reason === 'other' ? note : undefined);
    setAsking(false);
  }

  return (
    <form onSubmit={submit} className="reveal-reason" data-testid="reveal-reason">
      <fieldset>
        <legend>{t('reveal.why')}</legend>
        {REVEAL_REASONS.map((r) => (
          <label key={r} className="row">
            <input
              type="radio"
              name="reveal-reason"
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
              data-testid={`reveal-reason-${r}`}
            />
            {t('reveal.reason', { reason: r })}
          </label>
        ))}
      </fieldset>
      {reason === 'other' && (
        <>
          <label htmlFor="reveal-note">{t('reveal.note')}</label>
          <input
            id="reveal-note"
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
            data-testid="reveal-note"
          />
        </>
      )}
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={!reason || (reason === 'other' && note.trim() === '') || results.loading}
          data-testid="reveal-confirm"
        >
          {t('reveal.show')}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('reveal.cancel')}
        </button>
      </div>
    </form>
  );
}
