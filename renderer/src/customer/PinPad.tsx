/**
 * The staff-exit PIN pad, opened by the hidden gesture on the kiosk's screen: large digits, a
 * masked entry, clear and delete. The core checks the PIN and limits wrong tries; the pad only
 * says what it answered ("Wrong PIN", "Too many tries, wait N s", counting down).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { UnlockResult } from '../../../contract/ipc.ts';
import { PIN_DIGITS } from '../../../contract/bounds.ts';
import { call } from '../shared/ipc-client.ts';

type Note =
  { kind: 'wrong'; triesLeft: number } | { kind: 'locked' } | { kind: 'no_pin' } | { kind: 'failed' } | null;

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinPad({ onClose, onUnlocked }: { onClose: () => void; onUnlocked: () => void }) {
  const { t } = useTranslation('kiosk');
  const [pin, setPin] = useState('');
  const [note, setNote] = useState<Note>(null);
  const [lockedFor, setLockedFor] = useState(0);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => title.current?.focus(), []);
  // The lockout counts down here; the core decides when it ends (a try before then is refused).
  useEffect(() => {
    if (lockedFor <= 0) return;
    const timer = window.setTimeout(() => setLockedFor((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [lockedFor]);

  const locked = lockedFor > 0;
  const type = (digit: string) => {
    if (locked || busy) return;
    setNote(null);
    setPin((p) => (p.length < PIN_DIGITS.max ? p + digit : p));
  };

  function show(result: UnlockResult) {
    switch (result.outcome) {
      case 'unlocked':
        onUnlocked();
        return;
      case 'wrong':
        setNote({ kind: 'wrong', triesLeft: result.triesBeforeLockout });
        if (result.retryAfterSeconds !== null) setLockedFor(result.retryAfterSeconds);
        return;
      case 'locked':
        setNote({ kind: 'locked' });
        setLockedFor(result.retryAfterSeconds);
        return;
      case 'no_pin':
        setNote({ kind: 'no_pin' });
    }
  }

  async function submit() {
    if (locked || busy || pin.length < PIN_DIGITS.min) return;
    setBusy(true);
    try {
      show(await call('kiosk.unlock', { pin }));
    } catch {
      setNote({ kind: 'failed' });
    } finally {
      setPin('');
      setBusy(false);
    }
  }

  // One sentence a line: Japanese puts no space between sentences, English needs one.
  const message: string[] =
    note === null
      ? []
      : note.kind === 'wrong'
        ? [
            t('pin.wrong'),
            locked
              ? t('pin.locked', { seconds: lockedFor })
              : note.triesLeft > 0
                ? t('pin.triesLeft', { count: note.triesLeft })
                : '',
          ].filter(Boolean)
        : note.kind === 'locked'
          ? [t('pin.locked', { seconds: Math.max(lockedFor, 1) })]
          : [note.kind === 'no_pin' ? t('pin.noPin') : t('pin.failed')];

  return (
    <div className="pin-backdrop">
      <section
        className="pin-pad"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pin-title"
        data-testid="pin-pad"
        onKeyDown={(e) => {
          if (/^[0-9]$/.test(e.key)) type(e.key);
          else if (e.key === 'Backspace') setPin((p) => p.slice(0, -1));
          else if (e.key === 'Enter') void submit();
          else if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id="pin-title" ref={title} tabIndex={-1}>
          {t('pin.title')}
        </h2>
        <p className="muted">{t('pin.hint')}</p>
        <output className="pin-dots" aria-live="polite" data-testid="pin-entry" data-length={pin.length}>
          <span aria-hidden="true">{'●'.repeat(pin.length).padEnd(PIN_DIGITS.max, '○')}</span>
          <span className="visually-hidden">{t('pin.entered', { count: pin.length })}</span>
        </output>
        {message.length > 0 && (
          <p className="note note-warn pin-error" role="alert" data-testid="pin-error" data-kind={note?.kind}>
            {message.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </p>
        )}
        <div className="pin-keys">
          {KEYS.map((d) => (
            <button
              key={d}
              type="button"
              onClick={() => type(d)}
              disabled={locked}
              data-testid={`pin-key-${d}`}
            >
              {d}
            </button>
          ))}
          <button
            type="button"
            className="pin-word"
            onClick={() => setPin('')}
            disabled={locked}
            data-testid="pin-clear"
          >
            {t('pin.clear')}
          </button>
          <button type="button" onClick={() => type('0')} disabled={locked} data-testid="pin-key-0">
            0
          </button>
          <button
            type="button"
            onClick={() => setPin((p) => p.slice(0, -1))}
            disabled={locked}
            aria-label={t('pin.back')}
            data-testid="pin-back"
          >
            ⌫
          </button>
        </div>
        <div className="pin-actions">
          <button type="button" className="big" onClick={onClose} data-testid="pin-cancel">
            {t('pin.cancel')}
          </button>
          <button
            type="button"
            className="big primary"
            onClick={() => void submit()}
            disabled={locked || busy || pin.length < PIN_DIGITS.min}
            data-testid="pin-submit"
          >
            {t('pin.submit')}
          </button>
        </div>
      </section>
    </div>
  );
}
