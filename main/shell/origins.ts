/**
 * URL facts the shell's policies share. Pure: no Electron, so every rule is unit-tested under
 * Node with hostile input.
 */
import type { WindowKind } from '../../contract/ipc.ts';

/** The app's own pages are served from `app://countersign/` (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'countersign';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Each window's page, as the build writes it (renderer/staff.html, renderer/customer.html): one
 * page per window, so the customer window never loads the console's code. The hash is the view
 * each opens on (the staff console keeps its own view there).
 */
export const WINDOW_PAGES: Readonly<Record<WindowKind, string>> = Object.freeze({
  staff: `${APP_ORIGIN}/staff.html#/staff`,
  customer: `${APP_ORIGIN}/customer.html#/customer`,
});

/** Parses a URL, or null for anything unparseable. Never throws. */
export function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** True for a page of the app itself: exactly app://countersign, no userinfo, no port. */
export function isAppUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * The origin (`scheme://host[:port]`) of a hosted-flow URL, or null when it is not one we would
 * ever trust: https anywhere, or plain http only on this machine (the embedded simulator).
 * Anything carrying userinfo is refused: `https://verify.stripe.com@evil.example` is evil.example.
 */
export function trustedWebOrigin(value: unknown): string | null {
  const url = parseUrl(value);
  if (url === null || url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.origin;
  return null;
}

/**
 * The origin of any URL, for logs: hosted-flow URLs carry single-use secrets in their path and
 * query, so only this part is ever written down.
 */
export function originForLog(value: unknown): string {
  const url = parseUrl(value);
  if (url === null) return '(unparseable)';
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  if (url.protocol === `${APP_SCHEME}:`) return `${APP_SCHEME}://${url.host}`;
  return url.protocol;
}
