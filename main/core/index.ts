/**
 * The core's door: all a host (the Electron shell, the test harness, the bench) needs to run the
 * app's behaviour. Hosts build the core with `createAppCore` and give it a store factory, a
 * keychain and a simulator factory; they reach no room of the core directly.
 */
export { createAppCore, type AppCoreDeps } from './app-core.ts';
export type { AppCore } from './app/index.ts';
export { DEFAULT_SETTINGS } from './storage/index.ts';
export type { LocalApi } from './backend/index.ts';
export type { HubLinkOptions } from './hub-client/index.ts';
export { loadSystemKeychain, type Keychain } from './keychain/index.ts';
export type { KeyValueStore, StoreFactory } from './storage/index.ts';
export type { ApiTarget } from './stripe/index.ts';
export {
  installsWhen,
  mayInstallNow,
  UpdateSchedule,
  type OpeningNow,
  type UpdateFeed,
} from './updates/index.ts';
