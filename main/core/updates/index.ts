/** The updates room's door: when to look for an update, from where, and when it may install. */
export {
  installsWhen,
  mayInstallNow,
  type InstallDecision,
  type InstallSituation,
  type OpeningNow,
} from './install-rule.ts';
export { DEFAULT_CHECK_EVERY_MS, nextCheckDelay, UpdateSchedule, type ScheduleOptions } from './schedule.ts';
export { updateFeed, type UpdateFeed } from './feed.ts';
export { createUpdatesModel, type UpdatesModel } from './update-state.ts';
