/** The staff console's key tables (see shared/i18n/key-tables.ts for why they are listed). */
export { ERROR_MESSAGE_KEYS, ERROR_TEXT_KEYS } from './error-text.ts';
export { GROUP_LABEL_KEYS, STATE_LABEL_KEYS } from './clerk-session-state.ts';
export { APP_CODE_NOTE_KEYS, EVENT_LABEL_KEYS, STATUS_LABEL_KEYS } from './status-text.ts';
export { DOCUMENT_TYPE_LABEL_KEYS, START_MESSAGE_KEYS } from './start-form.ts';
export { SETTINGS_LABEL_KEYS } from './settings-form.ts';
export { MANAGED_LABEL_KEYS } from './managed-settings-text.ts';
export { KIOSK_SETTINGS_KEYS } from './kiosk-settings-form.ts';
export { HUB_ERROR_KEYS } from './hub-error-keys.ts';
export { NOTICE_STORE_LABEL_KEYS, STORE_NOTICE_KEYS } from './store-notice-text.ts';
export { PERSON_LABEL_KEYS } from './person-format.ts';
