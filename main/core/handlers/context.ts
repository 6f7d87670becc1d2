/** What every handler group works with: the modules the composition root built. */
import type { AppStatusModel } from '../app-status.ts';
import type { BackendHost } from '../backend-host.ts';
import type { Clock } from '../clock.ts';
import type { Connectivity } from '../connectivity.ts';
import type { CustomerScreenModel } from '../customer-screen.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { Vault } from '../vault.ts';
import type { Verifications } from '../verifications.ts';

export interface HandlerContext {
  host: BackendHost;
  verifications: Verifications;
  customer: CustomerScreenModel;
  settings: SettingsStore;
  appStatus: AppStatusModel;
  connectivity: Connectivity;
  vault: Vault | null;
  clock: Clock;
  kiosk: boolean;
  station: string;
}
