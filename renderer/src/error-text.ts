/**
 * What a person sees when a call fails. Each typed error code gets a title that says what kind
 * of problem it is, and a text that says what to do, in the page's language (`common` catalogue,
 * `error.<code>.*`). Main writes its messages in English, often naming the field or the next
 * step: they are kept while the page speaks English; in another language the catalogue's text is
 * shown instead, never a mix. A message the renderer wrote itself (`localError`) is already in
 * the page's language and is always kept.
 */
import { ERROR_CODES, type ErrorCode, type ErrorPayload } from '../../contract/errors.ts';
import { currentLanguage, i18n } from './i18n/index.ts';

/** The catalogue keys of each code's title and text (the catalogue test checks every one). */
export const ERROR_TEXT_KEYS = Object.fromEntries(
  ERROR_CODES.map((code) => [
    code,
    { title: `common:error.${code}.title`, fallback: `common:error.${code}.fallback` },
  ]),
) as Readonly<Record<ErrorCode, { title: string; fallback: string }>>;

const written = new WeakSet<ErrorPayload>();

/** An error the renderer makes itself, with a message already in the page's language. */
export function localError(code: ErrorCode, message: string): ErrorPayload {
  const error = { code, message };
  written.add(error);
  return error;
}

export interface ShownError {
  title: string;
  message: string;
}

export function describeError(error: ErrorPayload): ShownError {
  const keys = Object.hasOwn(ERROR_TEXT_KEYS, error.code)
    ? ERROR_TEXT_KEYS[error.code]
    : ERROR_TEXT_KEYS.internal;
  const message = typeof error.message === 'string' ? error.message.trim() : '';
  const keep = message !== '' && (written.has(error) || currentLanguage() === 'en');
  return { title: i18n.t(keys.title), message: keep ? message : i18n.t(keys.fallback) };
}
