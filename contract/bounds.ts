/**
 * Bounds a window needs before it sends anything, written without a schema (and importing
 * nothing), so a page that loads no zod can keep to them: the schemas (kiosk.ts, ipc-schemas.ts)
 * read the same numbers.
 */

/** How many digits a staff PIN has (main/core/kiosk-pin.ts checks the same, and the rest). */
export const PIN_DIGITS = { min: 4, max: 8 } as const;

/** The longest message and stack an `app.reportError` carries (the renderer cuts to these). */
export const ERROR_REPORT_BOUNDS = { message: 2000, stack: 8000 } as const;
