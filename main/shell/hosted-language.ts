/**
 * The hosted flow opens in the customer's language: the customer window's requests to the
 * hosted flow's origin carry an Accept-Language for the language chosen on the kiosk (Stripe's
 * hosted page, and the simulator's, pick their language from it). Pure: main applies it in
 * `session.webRequest.onBeforeSendHeaders` of the customer window's session; the test harness
 * applies the same function to the hosted page it passes through.
 */
import { LANGUAGE_TAGS, type Language } from '../../contract/languages.ts';

/** `ja-JP,ja;q=0.9` for a language the app speaks; null: leave the browser's own. */
export function acceptLanguageFor(language: Language | null): string | null {
  if (language === null || !Object.hasOwn(LANGUAGE_TAGS, language)) return null;
  const tag = LANGUAGE_TAGS[language];
  const base = tag.split('-')[0] as string;
  return base === tag ? tag : `${tag},${base};q=0.9`;
}

/**
 * The headers a customer-window request is sent with: Accept-Language replaced (whatever its
 * case) when the request goes to the hosted flow's origin and a language was chosen; any other
 * request, the app's own pages included, is left exactly as it was.
 */
export function hostedRequestHeaders(
  url: string,
  headers: Readonly<Record<string, string>>,
  hostedOrigin: string | null,
  language: Language | null,
): Record<string, string> {
  const value = acceptLanguageFor(language);
  if (value === null || hostedOrigin === null || originOf(url) !== originOf(hostedOrigin))
    return { ...headers };
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers))
    if (name.toLowerCase() !== 'accept-language') out[name] = v;
  out['Accept-Language'] = value;
  return out;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
