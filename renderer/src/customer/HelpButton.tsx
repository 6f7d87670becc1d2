/**
 * "Need help?" on every customer screen: calls staff (main records the call in the kiosk
 * journal and the session's timeline; presses in a burst are one call), shows a banner and plays
 * a short chime at the kiosk. The banner stays until the next customer.
 */
import { useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import { call } from '../shared/ipc-client.ts';
import { playHelpChime } from './help-chime.ts';

export function HelpButton({ called, onCalled }: { called: boolean; onCalled: (ok: boolean) => void }) {
  const { t } = useTranslation('kiosk');
  const [busy, setBusy] = useState(false);
  async function ask() {
    if (busy) return;
    setBusy(true);
    try {
      const result = await call('customer.help');
      if (!result.repeated) playHelpChime();
      onCalled(true);
    } catch {
      onCalled(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      className="help-button"
      onClick={() => void ask()}
      aria-pressed={called}
      data-testid="help-button"
    >
      {t('help.button')}
    </button>
  );
}

export function HelpBanner({ state }: { state: 'called' | 'failed' | null }) {
  const { t } = useTranslation('kiosk');
  if (state === null) return null;
  return (
    <div
      className={`banner ${state === 'called' ? 'banner-help' : 'banner-offline'}`}
      role="status"
      data-testid="help-banner"
      data-state={state}
    >
      {state === 'called' ? t('help.called') : t('help.failed')}
    </div>
  );
}
