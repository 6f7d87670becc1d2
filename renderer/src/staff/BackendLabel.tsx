/** Which backend the station works on, for the status bar: the simulator, Stripe, or a hub (by host). */
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus } from '../../../contract/ipc.ts';

export function BackendLabel({ status }: { status: AppStatus }) {
  const { t } = useTranslation('hub');
  const text =
    status.backend === 'hub' && status.hub
      ? t('backend.hub', { host: status.hub.host, station: status.hub.stationName })
      : status.backend === 'simulator'
        ? t('backend.simulator')
        : t('backend.stripe');
  return (
    <span data-testid="backend" data-backend={status.backend}>
      {text}
    </span>
  );
}
