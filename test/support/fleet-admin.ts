/** The fleet API as a signed-in admin over plain HTTP (no browser): the cookie and CSRF token kept. */

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
