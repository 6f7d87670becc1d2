/**
 * The simulated hosted verification page (what a session's `url` opens). Self-contained HTML with
 * inline CSS and no scripts or external resources, so it works offline and under a strict CSP.
 * Each outcome is a plain form POST; buttons carry data-outcome / data-testid for browser tests.
 */
import { LANGUAGE_TAGS, type Language } from '../../contract/languages.ts';
import { outcomesFor } from './failures.ts';
import { HOSTED_TEXT } from './hosted-page-text.ts';
import { checksOf, type SessionRecord } from './session-records.ts';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
    background: #f6f9fc; color: #1a1f36; }
  .banner { background: #ffde92; color: #5c3b00; font-size: 12px; font-weight: 600; letter-spacing: .04em;
    text-transform: uppercase; text-align: center; padding: 6px; }
  main { max-width: 460px; margin: 40px auto; background: #fff; border-radius: 8px; padding: 28px;
    box-shadow: 0 2px 5px rgba(60,66,87,.08), 0 1px 1px rgba(0,0,0,.12); }
  h1 { font-size: 20px; margin: 0 0 6px; }
  p { margin: 0 0 18px; color: #4f566b; }
  form { margin: 0 0 10px; }
  button { width: 100%; text-align: left; padding: 11px 14px; border-radius: 6px; border: 1px solid #d5dbe1;
    background: #fff; font: inherit; cursor: pointer; }
  button:hover, button:focus { border-color: #635bff; outline: none; box-shadow: 0 0 0 3px rgba(99,91,255,.2); }
  button[data-outcome="verified"] { background: #4b45d9; border-color: #4b45d9; color: #fff; }
  /* Hints in solid colours (no opacity): at least 4.5:1 on their button, white on the blue one. */
  button small { display: block; color: #4f566b; }
  button[data-outcome="verified"] small { color: #fff; }
  code { font-size: 12px; }
`;

function page(language: Language, body: string): string {
  const text = HOSTED_TEXT[language];
  return `<!doctype html>
<html lang="${LANGUAGE_TAGS[language]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(text.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner">${escapeHtml(text.banner)}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * Security headers for every hosted page: no scripts, no framing by others, no caching of the token.
 * No form-action rule: browsers apply it to the redirect after submit, and return_url may be any
 * address the app chose.
 */
export const HOSTED_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** One button per way this session can end: `verified` and every code its checks can produce. */
export function verificationPage(session: SessionRecord, token: string, language: Language = 'en'): string {
  const text = HOSTED_TEXT[language];
  const sessionId = session.id;
  const action = `/hosted/${encodeURIComponent(sessionId)}/submit`;
  const forms = outcomesFor(checksOf(session))
    .map(
      (outcome) => `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="outcome" value="${outcome}">
<button type="submit" id="outcome-${outcome}" data-outcome="${outcome}" data-testid="outcome-${outcome}">${escapeHtml(text.labels[outcome])}<small>${escapeHtml(text.hints[outcome])}</small></button>
</form>`,
    )
    .join('\n');
  return page(
    language,
    `<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro[0])}<code>${escapeHtml(sessionId)}</code>${escapeHtml(text.intro[1])}</p>
${forms}`,
  );
}

export function donePage(language: Language = 'en'): string {
  const { heading, body } = HOSTED_TEXT[language].done;
  return page(
    language,
    `<h1 data-testid="done">${escapeHtml(heading)}</h1>\n<p data-testid="done-next">${escapeHtml(body)}</p>`,
  );
}

export function expiredPage(language: Language = 'en'): string {
  const { heading, body } = HOSTED_TEXT[language].expired;
  return page(language, `<h1 data-testid="expired">${escapeHtml(heading)}</h1>\n<p>${escapeHtml(body)}</p>`);
}

export function notFoundPage(language: Language = 'en'): string {
  const { heading, body } = HOSTED_TEXT[language].notFound;
  return page(language, `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(body)}</p>`);
}
