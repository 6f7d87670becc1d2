/**
 * Keys the code reaches through a table rather than a literal key (a status, an error code, a
 * guidance code): every such table is listed here, so the catalogue test counts their keys as
 * used and checks each exists in every language. A table not listed here would make its keys
 * look unused, and the test would fail: add it here.
 */
export { ERROR_MESSAGE_KEYS, ERROR_TEXT_KEYS } from '../error-text.ts';
export { GUIDANCE_KEYS } from '../guidance.ts';
export { GROUP_LABEL_KEYS, STATE_LABEL_KEYS } from '../session-state.ts';
export { APP_CODE_NOTE_KEYS, EVENT_LABEL_KEYS, STATUS_LABEL_KEYS } from '../status-text.ts';
export { DOCUMENT_TYPE_LABEL_KEYS, START_MESSAGE_KEYS } from '../start-form.ts';
export { SETTINGS_LABEL_KEYS } from '../settings-form.ts';
export { WELCOME_DOCUMENT_KEYS } from '../customer/welcome-documents.ts';
export { KIOSK_SETTINGS_KEYS } from '../staff/kiosk-settings-form.ts';
export { HUB_ERROR_KEYS } from '../staff/hub-error-keys.ts';
export { NOTICE_STORE_LABEL_KEYS, STORE_NOTICE_KEYS } from '../store-notice-text.ts';
