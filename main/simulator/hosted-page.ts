/**
 * The simulated hosted verification page (what a session's `url` opens). Self-contained HTML with
 * inline CSS and no scripts or external resources, so it works offline and under a strict CSP.
 * Each outcome is a plain form POST; buttons carry data-outcome / data-testid for browser tests.
 */
import { FAILURES, outcomesFor, type Outcome } from './failures.ts';
import { checksOf, type SessionRecord } from './records.ts';

const TITLE = 'Stripe Identity — test mode (simulated)';

/** Button labels; the hint under each is the code's reason (failures.ts). */
const LABELS: Readonly<Record<Outcome, string>> = {
  verified: 'Verify',
  abandoned: 'Leave',
  consent_declined: 'Decline consent',
  country_not_supported: 'Unsupported country',
  device_not_supported: 'Unsupported device',
  document_expired: 'Expired document',
  document_type_not_supported: 'Unsupported document type',
  document_unverified_other: 'Unverifiable document',
  email_unverified_other: 'Unverifiable email',
  email_verification_declined: 'Decline email code',
  id_number_insufficient_document_data: 'ID number: too little document data',
  id_number_mismatch: 'ID number mismatch',
  id_number_unverified_other: 'Unverifiable ID number',
  phone_unverified_other: 'Unverifiable phone',
  phone_verification_declined: 'Decline phone code',
  selfie_document_missing_photo: 'Document without a photo',
  selfie_face_mismatch: 'Selfie mismatch',
  selfie_manipulated: 'Manipulated selfie',
  selfie_unverified_other: 'Unverifiable selfie',
  under_supported_age: 'Under the supported age',
};

function hint(outcome: Outcome): string {
  return outcome === 'verified' ? 'Every check passes.' : FAILURES[outcome].reason;
}

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
  button[data-outcome="verified"] { background: #635bff; border-color: #635bff; color: #fff; }
  button small { display: block; color: inherit; opacity: .75; }
  code { font-size: 12px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner">Test mode — simulated, no real check is made</div>
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
export function verificationPage(session: SessionRecord, token: string): string {
  const sessionId = session.id;
  const action = `/hosted/${encodeURIComponent(sessionId)}/submit`;
  const forms = outcomesFor(checksOf(session))
    .map(
      (outcome) => `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="outcome" value="${outcome}">
<button type="submit" id="outcome-${outcome}" data-outcome="${outcome}" data-testid="outcome-${outcome}">${escapeHtml(LABELS[outcome])}<small>${escapeHtml(hint(outcome))}</small></button>
</form>`,
    )
    .join('\n');
  return page(
    TITLE,
    `<h1>${escapeHtml(TITLE)}</h1>
<p>Choose what this simulated verification should return for <code>${escapeHtml(sessionId)}</code>.</p>
${forms}`,
  );
}

export function expiredPage(): string {
  return page(
    TITLE,
    `<h1 data-testid="expired">This link has expired</h1>
<p>The verification link was already used or is no longer valid. Ask for a new one to try again.</p>`,
  );
}

export function notFoundPage(): string {
  return page(TITLE, `<h1>Page not found</h1><p>There is nothing at this address.</p>`);
}
