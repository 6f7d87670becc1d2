/**
 * The fleet's sign-in page, rendered on the server (a plain form, no script: its CSP forbids
 * every script), in the admin's language: `?lang=` from its language links, else the browser's
 * Accept-Language. Its words come from the fleet page's catalogue (hub/fleet/src/messages.ts).
 * Once signed in, `/fleet` is the React app built from hub/fleet/. Every value is escaped.
 */
import {
  LANGUAGES,
  LANGUAGE_NAMES,
  MESSAGES,
  acceptedLanguages,
  isLanguage,
  pickLanguage,
  type Language,
  type SignInError,
} from '../fleet/src/messages.ts';

const escape = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page's language: the one its links picked, else the browser's first we speak. */
export function signInLanguage(picked: unknown, acceptLanguage: string | undefined): Language {
  return isLanguage(picked) ? picked : pickLanguage(acceptedLanguages(acceptLanguage));
}

/**
 * `picked` is set when the admin chose the language with the page's links: the form carries it
 * on, and the app, once signed in, keeps it (otherwise the app asks the browser itself).
 */
export function loginPage(
  language: Language,
  picked: boolean,
  loginToken: string,
  error: SignInError | null,
  hasPassword: boolean,
  /** With `too_many_attempts`: how long to wait, in seconds. */
  retryAfterSeconds = 1,
): string {
  const t = MESSAGES[language].signIn;
  const note = hasPassword
    ? ''
    : `<p class="error">${escape(t.noPassword)} <code>npm run hub -- set-admin-password</code></p>`;
  // Each language named in its own words, each link in its own language.
  const links = LANGUAGES.map((l) =>
    l === language
      ? `<a href="/fleet?lang=${l}" lang="${l}" aria-current="page">${escape(LANGUAGE_NAMES[l])}</a>`
      : `<a href="/fleet?lang=${l}" lang="${l}" hreflang="${l}">${escape(LANGUAGE_NAMES[l])}</a>`,
  ).join('');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(t.title)}</title><link rel="stylesheet" href="/fleet/style.css"></head><body>
<main><div class="card signin"><nav class="languages" aria-label="${escape(MESSAGES[language].language)}">${links}</nav><h1>Countersign Hub</h1>${note}${error ? `<p class="error" role="alert">${escape(error === 'too_many_attempts' ? t.too_many_attempts(retryAfterSeconds) : t[error])}</p>` : ''}
<form method="post" action="/fleet/login${picked ? `?lang=${language}` : ''}"><input type="hidden" name="csrf" value="${escape(loginToken)}">
<p><label>${escape(t.password)}<input type="password" name="password" autocomplete="current-password" required autofocus></label></p>
<button class="primary" type="submit">${escape(t.submit)}</button></form></div></main></body></html>`;
}
