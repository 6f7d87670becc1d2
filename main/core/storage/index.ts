/** The storage room's door: what the rest of the app may use of it. */
export { DurableDoc, backupNameFor, type StoreFactory, type StoreProblem } from './durable-doc.ts';
export { MemoryStore, type KeyValueStore } from './key-value-store.ts';
export { DEFAULT_SETTINGS, openSettings, openSmallStore, type SettingsStore } from './settings-store.ts';
export {
  lostHistoryFileProblem,
  rebuiltCatalogueProblem,
  storeErrorPayload,
  storeErrorProblem,
} from './store-notices.ts';
