/** The app room's door: what the rest of the app may use of it. */
export { createAppEvents, type AppEvents } from './app-events.ts';
export { createAutoRedaction, type AutoRedaction } from './auto-redact.ts';
export { createAppStatus, startNotice, type AppStatusModel } from './app-status.ts';
export { DIAGNOSTICS_LOG_LINES, buildDiagnostics, type DiagnosticsSource } from './diagnostics.ts';
export { createVerifications, type Verifications } from './verifications.ts';
export { createWindowErrorLog, type WindowErrorLog } from './window-errors.ts';
export { startRetentionRounds } from './retention-rounds.ts';
export type { AppCore } from './app-core-face.ts';
