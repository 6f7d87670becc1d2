/**
 * The fleet page's HTML, rendered on the server (no script at all, so the CSP forbids every
 * script): sign-in, the dashboard (stations; sessions per store), and the one-time display of a
 * new enrollment code. Same palette and type as the console. Every value is escaped.
 */

export interface Overview {
  stations: Array<{
    id: string;
    name: string;
    store: string;
    kind: string;
    lastSeen: number | null;
    online: boolean;
    queued: number;
    active: number;
    revoked: boolean;
    shareStore: boolean;
    appVersion: string | null;
  }>;
  sessions: Array<{
    id: string;
    store: string;
    station: string | null;
    status: string;
    lastErrorCode: string | null;
    created: number;
    updated: number;
  }>;
}

export const FLEET_CSS = `:root{--ink:#1a1f36;--muted:#4f566b;--line:#d5dbe1;--bg:#f6f8fb;--card:#fff;--accent:#3d35c9;
--ok:#0b6e3a;--ok-bg:#e3f5ea;--warn:#7a4a00;--warn-bg:#fff4d6;--bad:#a1142b;--bad-bg:#fde8eb;--info-bg:#e8eefc}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 24px;background:var(--card);border-bottom:1px solid var(--line)}
h1{font-size:18px;margin:0}h2{font-size:16px;margin:24px 0 8px}main{padding:8px 24px 32px;max-width:1200px}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line)}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:middle}th{color:var(--muted);font-weight:600}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:13px;background:var(--info-bg)}
.ok{background:var(--ok-bg);color:var(--ok)}.warn{background:var(--warn-bg);color:var(--warn)}.bad{background:var(--bad-bg);color:var(--bad)}
button{min-height:40px;padding:0 16px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;font:inherit;cursor:pointer}
button.secondary{background:var(--card);color:var(--accent)}input,select{min-height:40px;padding:0 10px;border:1px solid var(--line);border-radius:6px;font:inherit}
form.inline{display:inline}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;max-width:420px;margin:48px auto}
.row{display:flex;gap:8px;flex-wrap:wrap;align-items:end}label{display:flex;flex-direction:column;gap:4px;font-size:14px;color:var(--muted)}
.code{font:600 28px/1.2 ui-monospace,monospace;letter-spacing:2px;padding:12px 0}.error{color:var(--bad)}.muted{color:var(--muted)}`;

const escape = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const time = (ms: number | null): string =>
  ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

const STATUS_CLASS: Record<string, string> = {
  verified: 'ok',
  processing: 'warn',
  canceled: 'bad',
  requires_input: '',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} — Countersign Hub</title><link rel="stylesheet" href="/fleet/style.css"></head><body>${body}</body></html>`;
}

export function loginPage(loginToken: string, error: string | null, hasPassword: boolean): string {
  const note = hasPassword
    ? ''
    : '<p class="error">No admin password is set. Start the hub with HUB_ADMIN_PASSWORD or run <code>npm run hub -- set-admin-password</code>.</p>';
  return page(
    'Sign in',
    `<main><div class="card"><h1>Countersign Hub</h1>${note}${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/fleet/login"><input type="hidden" name="csrf" value="${escape(loginToken)}">
<p><label>Admin password<input type="password" name="password" autocomplete="current-password" required autofocus></label></p>
<button type="submit">Sign in</button></form></div></main>`,
  );
}

export function dashboardPage(data: Overview, csrf: string, now: number): string {
  const hidden = `<input type="hidden" name="csrf" value="${escape(csrf)}">`;
  const stationRows = data.stations
    .map(
      (
        s,
      ) => `<tr><td>${escape(s.name)}<div class="muted">${escape(s.id)}</div></td><td>${escape(s.store)}</td><td>${escape(s.kind)}</td>
<td>${s.revoked ? '<span class="badge bad">revoked</span>' : s.online ? '<span class="badge ok">online</span>' : '<span class="badge">offline</span>'}</td>
<td>${escape(time(s.lastSeen))}</td><td>${s.queued}</td><td>${s.active}</td>
<td>${
        s.revoked
          ? ''
          : `<form class="inline" method="post" action="/fleet/api/stations/${encodeURIComponent(s.id)}/revoke">${hidden}<button class="secondary" type="submit" aria-label="Revoke ${escape(s.name)}">Revoke</button></form>`
      }</td></tr>`,
    )
    .join('');
  const stores = new Map<string, Overview['sessions']>();
  for (const s of data.sessions) stores.set(s.store, [...(stores.get(s.store) ?? []), s]);
  const storeTables = [...stores]
    .map(
      ([
        store,
        sessions,
      ]) => `<h2>${escape(store)}</h2><table><thead><tr><th>Session</th><th>Station</th><th>Status</th><th>Code</th><th>Created</th><th>Updated</th></tr></thead><tbody>
${sessions
  .map(
    (
      s,
    ) => `<tr><td>${escape(s.id)}</td><td>${escape(s.station ?? '—')}</td><td><span class="badge ${STATUS_CLASS[s.status] ?? ''}">${escape(s.status)}</span></td>
<td>${escape(s.lastErrorCode ?? '—')}</td><td>${escape(time(s.created))}</td><td>${escape(time(s.updated))}</td></tr>`,
  )
  .join('')}</tbody></table>`,
    )
    .join('');
  return page(
    'Fleet',
    `<header><h1>Countersign Hub — fleet</h1><form class="inline" method="post" action="/fleet/logout">${hidden}<button class="secondary" type="submit">Sign out</button></form></header>
<main><p class="muted">As of ${escape(time(now))} UTC. Reload for the latest.</p>
<h2>New station</h2><form class="row" method="post" action="/fleet/api/enrollment-codes">${hidden}
<label>Store<input name="store" required maxlength="80"></label><label>Station name<input name="name" required maxlength="80"></label>
<label>Kind<select name="kind"><option value="counter">Counter</option><option value="kiosk">Kiosk</option></select></label>
<button type="submit">Create enrollment code</button></form>
<h2>Stations</h2><table><thead><tr><th>Station</th><th>Store</th><th>Kind</th><th>State</th><th>Last seen</th><th>Queued</th><th>Active</th><th></th></tr></thead>
<tbody>${stationRows || '<tr><td colspan="8" class="muted">No station enrolled yet.</td></tr>'}</tbody></table>
<h2>Sessions by store</h2>${storeTables || '<p class="muted">No sessions yet.</p>'}</main>`,
  );
}

export function codePage(
  code: string,
  expiresAt: number,
  station: { store: string; name: string; kind: string },
): string {
  return page(
    'Enrollment code',
    `<main><div class="card"><h1>Enrollment code</h1><p>For ${escape(station.name)} (${escape(station.kind)}) in ${escape(station.store)}:</p>
<p class="code">${escape(code)}</p><p class="muted">Valid once, until ${escape(time(expiresAt))} UTC. It is shown only now: enter it in the station's Settings → Connect to a hub.</p>
<p><a href="/fleet">Back to the fleet</a></p></div></main>`,
  );
}
