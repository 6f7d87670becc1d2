import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  cacheControlFor,
  appSchemePrivileges,
  contentSecurityPolicy,
  contentTypeFor,
  resolveAppPath,
  securityHeaders,
  serveAppRequest,
} from '../../../main/shell/protocol.ts';

const ROOT = path.resolve('/srv/countersign/out/renderer');

test('the CSP is exactly the agreed policy', () => {
  assert.equal(
    contentSecurityPolicy(),
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  );
  assert.equal(securityHeaders()['Content-Security-Policy'], contentSecurityPolicy());
  assert.equal(securityHeaders()['X-Content-Type-Options'], 'nosniff');
});

test('the scheme is standard and secure, and does not bypass CSP', () => {
  const scheme = appSchemePrivileges();
  assert.equal(scheme.scheme, 'app');
  assert.equal(scheme.privileges?.standard, true);
  assert.equal(scheme.privileges?.secure, true);
  assert.equal(scheme.privileges?.bypassCSP, false);
  assert.equal(scheme.privileges?.allowServiceWorkers, false);
});

test('app URLs resolve inside the renderer folder', () => {
  // Each window has its own page; the bare origin names none.
  assert.equal(resolveAppPath(ROOT, 'app://countersign/'), null);
  assert.equal(resolveAppPath(ROOT, 'app://countersign/customer.html'), path.join(ROOT, 'customer.html'));
  assert.equal(resolveAppPath(ROOT, 'app://countersign/staff.html'), path.join(ROOT, 'staff.html'));
  assert.equal(
    resolveAppPath(ROOT, 'app://countersign/assets/index-abc.js?v=1#x'),
    path.join(ROOT, 'assets', 'index-abc.js'),
  );
  assert.equal(
    resolveAppPath(ROOT, 'app://countersign/assets/a%20b.css'),
    path.join(ROOT, 'assets', 'a b.css'),
  );
  assert.equal(resolveAppPath(ROOT, 'app://countersign//assets//x.js'), path.join(ROOT, 'assets', 'x.js'));
});

test('path traversal and foreign URLs are refused', () => {
  // Plain and %2e dot segments are already resolved by URL parsing (as Chromium does): they
  // cannot climb above the root.
  assert.equal(resolveAppPath(ROOT, 'app://countersign/../../etc/passwd'), path.join(ROOT, 'etc', 'passwd'));
  assert.equal(
    resolveAppPath(ROOT, 'app://countersign/%2e%2e/%2e%2e/etc/passwd'),
    path.join(ROOT, 'etc', 'passwd'),
  );
  // What survives parsing (encoded slashes and backslashes, NUL, dotfiles, bad escapes) is refused.
  const refused = [
    'app://countersign/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://countersign/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://countersign/..%5c..%5cwindows%5cwin.ini',
    'app://countersign/assets\\..\\..\\secret',
    'app://countersign/%00index.html',
    'app://countersign/index.html%00.png',
    'app://countersign/.env',
    'app://countersign/assets/.hidden.js',
    'app://countersign/%',
    'app://countersign/%E0%A4%A',
    'app://evil/index.html',
    'app://countersign.evil/index.html',
    'app://user@countersign/index.html',
    'app://countersign:99/index.html',
    'file:///srv/countersign/out/renderer/index.html',
    'https://countersign/index.html',
    'not a url',
  ];
  for (const url of refused) assert.equal(resolveAppPath(ROOT, url), null, url);
});

test('only known content types are served', () => {
  assert.equal(contentTypeFor('/x/index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('/x/a.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('/x/a.js.map'), null);
  assert.equal(contentTypeFor('/x/a.ts'), null);
  assert.equal(contentTypeFor('/x/Makefile'), null);
});

test('serveAppRequest answers with the file and the security headers', async () => {
  const files = new Map([[path.join(ROOT, 'staff.html'), new TextEncoder().encode('<!doctype html>')]]);
  const read = async (p: string) => {
    const body = files.get(p);
    if (!body) throw new Error('ENOENT');
    return body;
  };
  const ok = await serveAppRequest(ROOT, { url: 'app://countersign/staff.html', method: 'GET' }, read);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '<!doctype html>');
  assert.equal(ok.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(ok.headers.get('content-security-policy'), contentSecurityPolicy());

  const head = await serveAppRequest(ROOT, { url: 'app://countersign/staff.html', method: 'HEAD' }, read);
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');

  const missing = await serveAppRequest(ROOT, { url: 'app://countersign/nope.html', method: 'GET' }, read);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-security-policy'), contentSecurityPolicy());
  const traversal = await serveAppRequest(
    ROOT,
    { url: 'app://countersign/%2e%2e/secret.html', method: 'GET' },
    read,
  );
  assert.equal(traversal.status, 404);
  const post = await serveAppRequest(ROOT, { url: 'app://countersign/staff.html', method: 'POST' }, read);
  assert.equal(post.status, 405);
});

test('hashed assets are cached for good, everything else is revalidated', () => {
  const root = path.resolve('out', 'renderer');
  assert.equal(
    cacheControlFor(path.join(root, 'assets', 'index-CR0fQssH.js')),
    'public, max-age=31536000, immutable',
  );
  assert.equal(
    cacheControlFor(path.join(root, 'assets', 'index-Ban9em2t.css')),
    'public, max-age=31536000, immutable',
  );
  assert.equal(cacheControlFor(path.join(root, 'staff.html')), 'no-cache');
  assert.equal(cacheControlFor(path.join(root, 'assets', 'logo.svg')), 'no-cache', 'not a hashed bundle');
  assert.equal(cacheControlFor(path.join(root, 'index-CR0fQssH.js')), 'no-cache', 'outside assets/');
});
