/** What every handler group works with: the modules the composition root built. */
import type { AppStatusModel } from '../app-status.ts';
import type { BackendHost } from '../backend-host.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Connectivity } from '../connectivity.ts';
import type { CustomerScreenModel } from '../customer-screen.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { HubCredentials } from '../hub-credentials.ts';
import type { Vault } from '../vault.ts';
import type { Verifications } from '../verifications.ts';
import type { WindowErrorLog } from '../window-errors.ts';

export interface HandlerContext {
  host: BackendHost;
  verifications: Verifications;
  customer: CustomerScreenModel;
  settings: SettingsStore;
  appStatus: AppStatusModel;
  connectivity: Connectivity;
  vault: Vault | null;
  /** The hub connection in the keychain; null without a keychain. */
  hubCredentials: HubCredentials | null;
  /** The app's version, told to a hub at enrollment. */
  version: string;
  clock: Clock;
  kiosk: boolean;
  station: string;
  /** Windows' uncaught errors, to the log (rate-limited). */
  windowErrors: WindowErrorLog;
}
