/** Always on screen for staff: connection, what waits in the queue, which station this is. */
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../../contract/ipc.ts';
import { BackendLabel } from './BackendLabel.tsx';

export function StatusBar({ status, failed = false }: { status: AppStatus | null; failed?: boolean }) {
  const { t } = useTranslation('staff');
  if (!status) {
    return (
      <footer className="status-bar" data-testid="status-bar" data-connected="false">
        {failed ? (
          <>
            <span className="dot dot-bad" aria-hidden="true" />
            <span role="alert">{t('statusbar.no_core')}</span>
          </>
        ) : (
          t('statusbar.connecting')
        )}
      </footer>
    );
  }
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={status.online ? 'dot dot-ok' : 'dot dot-bad'} aria-hidden="true" />
      <span data-testid="online" data-online={String(status.online)}>
        {status.online ? t('statusbar.online') : t('statusbar.offline')}
      </span>
      <span data-testid="queued" data-queued={status.queued}>
        {t('statusbar.queued', { count: status.queued })}
      </span>
      <BackendLabel status={status} />
      <span className="muted">
        {status.station} · v{status.version}
      </span>
    </footer>
  );
}

export function ModeBadge({ status }: { status: AppStatus | null }) {
  const { t } = useTranslation('staff');
  if (!status) return null;
  return (
    <span className={`badge badge-${status.mode}`} data-testid="mode-badge">
      {status.mode === 'live' ? t('mode.live') : t('mode.test')}
    </span>
  );
}

export function SimulatorBanner({ status }: { status: AppStatus | null }) {
  const { t } = useTranslation('staff');
  if (status?.backend !== 'simulator') return null;
  return (
    <div className="banner banner-sim" role="note" data-testid="simulator-banner">
      {t('simulator.banner')}
    </div>
  );
}
