/**
 * Keys the code reaches through a table rather than a literal key (a status, an error code, a
 * guidance code). Each part of the renderer lists its own tables in one file — this one for
 * shared/, `staff/i18n-key-tables.ts` and `customer/i18n-key-tables.ts` for the windows — and
 * the catalogue test (test/unit/renderer/i18n-catalogue.test.ts) reads all three: it counts their keys as
 * used and checks each exists in every language. A table listed nowhere would make its keys look
 * unused, and the test would fail: add it to its part's file.
 */
export { GUIDANCE_KEYS } from '../last-error-guidance.ts';
