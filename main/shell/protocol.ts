/**
 * The app's own pages come from `app://countersign/`, a custom scheme served from the built
 * renderer folder, rather than file:// (which gives a page access to every file the user can
 * read, and a null origin). Each response carries the Content-Security-Policy.
 *
 * Everything here is pure or takes its I/O as an argument, so path resolution and headers are
 * unit-tested; main.ts only hands `serveAppRequest` to `protocol.handle`.
 */
import type { CustomScheme } from 'electron';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from './origins.ts';

/** Registered before `ready`: standard (real origin, relative URLs) and secure (a secure context). */
export function appSchemePrivileges(): CustomScheme {
  return {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      // The renderer's bundle is loaded as ES modules (CORS-mode requests to its own origin).
      supportFetchAPI: true,
      corsEnabled: true,
      codeCache: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      stream: false,
    },
  };
}

/** The policy of every app page: its own scripts and styles, nothing else, no framing. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // The app's own pages need no device: the camera is for the hosted flow only.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The bundler names each asset after a hash of its content, so an asset URL never changes
 * meaning: it may be cached for good, which lets Chromium keep the compiled code (V8's code
 * cache) between launches. Everything else (the pages: staff.html, customer.html, crash.html) is
 * revalidated on every load.
 */
export function cacheControlFor(filePath: string): string {
  const name = path.basename(filePath);
  const inAssets = path.basename(path.dirname(filePath)) === 'assets';
  return inAssets && /-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(name)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/** Only known types are served: a stray file (.map, .ts, .env) in the folder is not. */
export function contentTypeFor(filePath: string): string | null {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? null;
}

/**
 * The file under `root` that an app:// URL names, or null when the URL is not the app's or
 * tries to leave the folder (`..`, encoded `%2e%2e` or `%2f`, backslashes, NUL, dotfiles).
 * `/` names no file: each window has its own page (origins.ts `WINDOW_PAGES`). `root` must be
 * absolute.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  const url = parseUrl(requestUrl);
  if (url === null || url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((s) => s !== '');
  // No `..`, no `.`, no hidden files: the built folder has none the app needs.
  if (segments.some((s) => s.startsWith('.'))) return null;
  if (segments.length === 0) return null;
  const resolvedRoot = path.resolve(root);
  const full = path.resolve(resolvedRoot, ...segments);
  const relative = path.relative(resolvedRoot, full);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return full;
}

export type ReadFile = (filePath: string) => Promise<Uint8Array>;

function notFound(status = 404): Response {
  return new Response(null, { status, headers: securityHeaders() });
}

/** The whole protocol handler: GET/HEAD of a known file type under root, with the headers. */
export async function serveAppRequest(
  root: string,
  request: { url: string; method: string },
  readFile: ReadFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
  const filePath = resolveAppPath(root, request.url);
  const type = filePath === null ? null : contentTypeFor(filePath);
  if (filePath === null || type === null) return notFound();
  let body: Uint8Array;
  try {
    body = await readFile(filePath);
  } catch {
    return notFound();
  }
  const headers = { ...securityHeaders(), 'Content-Type': type, 'Cache-Control': cacheControlFor(filePath) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
