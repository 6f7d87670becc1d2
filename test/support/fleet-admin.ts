/**
 * The fleet page's API as a signed-in admin, over plain fetch: sign-in with the double-submit
 * token (the hub_login cookie and the form's field), then the session cookie on every call and
 * the CSRF token on every POST.
 */
import type { RunningHub } from '../../hub/src/server.ts';

export interface AdminClient {
  cookie: string;
  csrf: string;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  getText(path: string): Promise<{ status: number; text: string; headers: Headers }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

const cookieOf = (res: Response, name: string): string | null => {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1] ?? null;
  }
  return null;
};

export async function signInAdmin(hub: RunningHub, password = FLEET_TEST_PASSWORD): Promise<AdminClient> {
  const form = await fetch(`${hub.url}/fleet`);
  const login = cookieOf(form, 'hub_login');
  const html = await form.text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!login || !token) throw new Error('no sign-in form');
  const res = await fetch(`${hub.url}/fleet/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `hub_login=${login}` },
    body: new URLSearchParams({ csrf: token, password }).toString(),
  });
  const session = cookieOf(res, 'hub_admin');
  if (res.status !== 303 || !session) throw new Error(`sign-in: ${res.status}`);
  const cookie = `hub_admin=${session}`;
  const csrf = (
    (await (await fetch(`${hub.url}/fleet/api/csrf`, { headers: { cookie } })).json()) as {
      csrf: string;
    }
  ).csrf;
  return {
    cookie,
    csrf,
    async get<T>(path: string) {
      const r = await fetch(`${hub.url}${path}`, { headers: { cookie } });
      return { status: r.status, body: (await r.json()) as T };
    },
    async getText(path: string) {
      const r = await fetch(`${hub.url}${path}`, { headers: { cookie } });
      // The bytes as sent: Response#text() would drop a byte-order mark.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
      return { status: r.status, text, headers: r.headers };
    },
    async post<T>(path: string, body: unknown) {
      const r = await fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as T };
    },
  };
}

/** The same sign-in for tests that want the raw responses (status codes, headers) of each call. */
export const FLEET_TEST_PASSWORD = 'correct-horse-battery';

/** Signs the admin in over HTTP; returns a JSON poster and getter with the cookie and CSRF token. */
export async function adminClient(url: string, password = FLEET_TEST_PASSWORD) {
  const form = await fetch(`${url}/fleet`);
  const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const signedIn = await fetch(`${url}/fleet/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: `csrf=${token}&password=${password}`,
  });
  const cookie = (signedIn.headers.getSetCookie().find((c) => c.startsWith('hub_admin=')) ?? '').split(
    ';',
  )[0]!;
  const csrf = (
    (await (await fetch(`${url}/fleet/api/csrf`, { headers: { cookie } })).json()) as { csrf: string }
  ).csrf;
  return {
    get: (path: string) => fetch(`${url}${path}`, { headers: { cookie } }),
    post: (path: string, body: unknown, withCsrf = true) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          ...(withCsrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: JSON.stringify(body),
      }),
  };
}
