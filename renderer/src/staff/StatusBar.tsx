/** Always on screen for staff: connection, what waits in the queue, which station this is. */
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus } from '../../../contract/ipc.ts';
import { BackendLabel } from './BackendLabel.tsx';

/**
 * The footer is the staff window's one polite live region: a change of connection or queue, and
 * `announcement` (the last change of a session's state), are read out once; nothing else is.
 */
export function StatusBar({
  status,
  failed = false,
  announcement = '',
}: {
  status: AppStatus | null;
  failed?: boolean;
  announcement?: string;
}) {
  const { t } = useTranslation('staff');
  const spoken = (
    <span className="visually-hidden" data-testid="announcement">
      {announcement}
    </span>
  );
  if (!status) {
    return (
      <footer className="status-bar" data-testid="status-bar" data-connected="false" aria-live="polite">
        {failed ? (
          <>
            <span className="dot dot-bad" aria-hidden="true" />
            <span role="alert">{t('statusbar.no_core')}</span>
          </>
        ) : (
          t('statusbar.connecting')
        )}
        {spoken}
      </footer>
    );
  }
  return (
    <footer className="status-bar" data-testid="status-bar" aria-live="polite">
      <span className={status.online ? 'dot dot-ok' : 'dot dot-bad'} aria-hidden="true" />
      <span data-testid="online" data-online={String(status.online)}>
        {status.online ? t('statusbar.online') : t('statusbar.offline')}
      </span>
      <span data-testid="queued" data-queued={status.queued}>
        {t('statusbar.queued', { count: status.queued })}
      </span>
      <BackendLabel status={status} />
      <UpdateNote update={status.update ?? null} />
      <span className="muted">
        {status.station}
        {t('separator')}v{status.version}
      </span>
      {spoken}
    </footer>
  );
}

/** A station's update: downloading, or ready and when it installs (nothing while idle or after a failure). */
function UpdateNote({ update }: { update: AppStatus['update'] }) {
  const { t } = useTranslation('staff');
  if (!update || !update.version) return null;
  if (update.phase === 'downloading') {
    return <span data-testid="update">{t('statusbar.update_downloading', { version: update.version })}</span>;
  }
  if (update.phase !== 'ready') return null;
  return (
    <span data-testid="update" data-update="ready">
      {update.installs === 'tonight'
        ? t('statusbar.update_ready_tonight', { version: update.version })
        : t('statusbar.update_ready_idle', { version: update.version })}
    </span>
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
