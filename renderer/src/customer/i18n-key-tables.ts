/** The customer window's key tables (see shared/i18n/key-tables.ts for why they are listed). */
export { WELCOME_DOCUMENT_KEYS } from './welcome-documents.ts';
