/**
 * What staff see when a call fails (only the console shows errors: the customer screen has words
 * of its own for trouble). Each typed error code gets a title that says what kind
 * of problem it is, in the page's language (`common` catalogue, `error.<code>.title`). The text
 * says what to do:
 * - a message the renderer wrote itself (`localError`) is already in the page's language: kept;
 * - an error the core raised carries its text as an id with params (contract/error-messages.ts):
 *   said from `error.text.<id>` in the page's language, as specifically as the core's English;
 * - an error without one (or with an id or params this window does not know): the core's English
 *   message while the page speaks English, else the code's general text (`error.<code>.fallback`).
 * Never a mix of languages.
 */
import { ERROR_TEXT_IDS, errorTextSchema, type ErrorTextId } from '../../../contract/error-messages.ts';
import { ERROR_CODES, type ErrorCode, type ErrorPayload } from '../../../contract/errors.ts';
import { currentLanguage, i18n } from '../shared/i18n/index.ts';
import { isLocalError } from '../shared/local-error.ts';

/** The catalogue keys of each code's title and text (the catalogue test checks every one). */
export const ERROR_TEXT_KEYS = Object.fromEntries(
  ERROR_CODES.map((code) => [
    code,
    { title: `common:error.${code}.title`, fallback: `common:error.${code}.fallback` },
  ]),
) as Readonly<Record<ErrorCode, { title: string; fallback: string }>>;

/** The catalogue key of each core error text id (the catalogue test checks every one). */
export const ERROR_MESSAGE_KEYS = Object.fromEntries(
  ERROR_TEXT_IDS.map((id) => [id, `common:error.text.${id}`]),
) as Readonly<Record<ErrorTextId, string>>;

export interface ShownError {
  title: string;
  message: string;
}

export function describeError(error: ErrorPayload): ShownError {
  const keys = Object.hasOwn(ERROR_TEXT_KEYS, error.code)
    ? ERROR_TEXT_KEYS[error.code]
    : ERROR_TEXT_KEYS.internal;
  const title = i18n.t(keys.title);
  const message = typeof error.message === 'string' ? error.message.trim() : '';
  if (message !== '' && isLocalError(error)) return { title, message };
  const said = error.text === undefined ? null : errorTextSchema.safeParse(error.text);
  if (said?.success) return { title, message: i18n.t(ERROR_MESSAGE_KEYS[said.data.id], said.data.params) };
  const keep = message !== '' && currentLanguage() === 'en';
  return { title, message: keep ? message : i18n.t(keys.fallback) };
}
