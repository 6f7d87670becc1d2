/**
 * The fleet's sign-in page, rendered on the server (a plain form, no script: its CSP forbids
 * every script). Once signed in, `/fleet` is the React app built from hub/fleet/. Every value is
 * escaped.
 */

const escape = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginPage(loginToken: string, error: string | null, hasPassword: boolean): string {
  const note = hasPassword
    ? ''
    : '<p class="error">No admin password is set. Start the hub with HUB_ADMIN_PASSWORD or run <code>npm run hub -- set-admin-password</code>.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in — Countersign Hub</title><link rel="stylesheet" href="/fleet/style.css"></head><body>
<main><div class="card signin"><h1>Countersign Hub</h1>${note}${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/fleet/login"><input type="hidden" name="csrf" value="${escape(loginToken)}">
<p><label>Admin password<input type="password" name="password" autocomplete="current-password" required autofocus></label></p>
<button class="primary" type="submit">Sign in</button></form></div></main></body></html>`;
}
