/** What every handler file works with: the modules the composition root built, nothing else. */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { UnlockResult } from '../../../contract/ipc.ts';
import type { AppStatusModel, DiagnosticsSource, Verifications, WindowErrorLog } from '../app/index.ts';
import type { BackendHost } from '../backend/index.ts';
import type { CustomerScreenModel } from '../customer/index.ts';
import type { HubCredentials } from '../hub-client/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Vault } from '../keychain/index.ts';
import type { KioskJournal, StaffPin, WalkAway } from '../kiosk/index.ts';
import type { SettingsStore } from '../storage/index.ts';
import type { StaffRecovery, StaffRoster } from '../staff/index.ts';
import type { Connectivity } from '../stripe/index.ts';

export interface HandlerContext {
  host: BackendHost;
  verifications: Verifications;
  customer: CustomerScreenModel;
  settings: SettingsStore;
  /** The settings in force changed outside settings.update: applied in place, and told. */
  settingsApplied: () => void;
  appStatus: AppStatusModel;
  connectivity: Connectivity;
  vault: Vault | null;
  /** The restricted key for sensitive results, beside the secret key; null without a keychain. */
  restrictedVault: Vault | null;
  /** The hub connection in the keychain; null without a keychain. */
  hubCredentials: HubCredentials | null;
  /** The app's version, told to a hub at enrollment. */
  version: string;
  clock: Clock;
  kiosk: boolean;
  station: string;
  /** Windows' uncaught errors, to the log (rate-limited). */
  windowErrors: WindowErrorLog;
  /** The staff-exit PIN and its pad (set at any station; typed only on a kiosk). */
  staffPin: StaffPin;
  unlockKiosk: (typed: string) => Promise<UnlockResult>;
  /** The kiosk's journal staff read: calls for help, unlocks, walk-aways. */
  journal: KioskJournal;
  /** Only on a kiosk: ends a customer's flow when they walk away. */
  walkAway: WalkAway | null;
  logger: Logger;
  /** Staff sign-in: members, who is signed in (contract/staff.ts's role table applies it). */
  staff: StaffRoster;
  /** The recovery code: the way back when every manager has forgotten their PIN. */
  staffRecovery: StaffRecovery;
  /** The hash-chained record of every staff action. */
  audit: AuditLog;
  /** Versions and the log's last lines, for the diagnostics export. */
  diagnostics: DiagnosticsSource;
}
