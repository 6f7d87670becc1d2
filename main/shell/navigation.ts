/**
 * Where each window may go. Deny by default: the staff window never leaves its own app page;
 * the customer window may also be on the hosted verification flow (Stripe's, or the embedded
 * simulator's) and is brought back to the app when that flow sends it to the return url. Of the
 * app's pages, each window may show its own and the crash page, never the other window's.
 */
import type { WindowKind } from '../../contract/ipc.ts';
import { CRASH_PAGE, RESTART_URL } from './crash-policy.ts';
import { isAppUrl, parseUrl, trustedWebOrigin, WINDOW_PAGES } from './origins.ts';

export type NavigationDecision = 'allow' | 'deny' | 'return';

export interface NavigationRequest {
  window: WindowKind;
  url: string;
  /** The hosted flow's origin: https://verify.stripe.com, or http://127.0.0.1:PORT (simulator). */
  hostedOrigin: string | null;
  /** Where Stripe sends the customer when the flow ends; intercepted, never loaded. */
  returnUrl: string | null;
}

/** Same origin and path: Stripe sends the customer to return_url as given. */
function isReturnUrl(url: URL, returnUrl: string | null): boolean {
  const target = parseUrl(returnUrl);
  if (target === null || trustedWebOrigin(returnUrl) === null) return false;
  return url.origin === target.origin && url.pathname === target.pathname;
}

/**
 * An app page this window may show: its own page (any view in the hash or query) and the crash
 * page with its restart link, which any window may come to (crash-policy.ts).
 */
export function isOwnAppPage(window: WindowKind, value: string): boolean {
  const url = parseUrl(value);
  if (url === null || !isAppUrl(value)) return false;
  const pages = [WINDOW_PAGES[window], CRASH_PAGE, RESTART_URL].map((page) => new URL(page).pathname);
  return pages.includes(url.pathname);
}

/** A top-level navigation (will-navigate, will-redirect, will-frame-navigate of the main frame). */
export function decideNavigation(request: NavigationRequest): NavigationDecision {
  const url = parseUrl(request.url);
  if (url === null || url.username !== '' || url.password !== '') return 'deny';
  if (isAppUrl(request.url)) return isOwnAppPage(request.window, request.url) ? 'allow' : 'deny';
  if (request.window !== 'customer') return 'deny';
  // Checked before the hosted origin: the simulator's return page lives on its own origin.
  if (isReturnUrl(url, request.returnUrl)) return 'return';
  const hosted = trustedWebOrigin(request.hostedOrigin);
  if (hosted !== null && trustedWebOrigin(request.url) === hosted) return 'allow';
  return 'deny';
}

export interface SubframeRequest {
  window: WindowKind;
  url: string;
  /** The URL of the page that holds the frame. */
  topUrl: string;
  hostedOrigin: string | null;
}

/**
 * A navigation inside an iframe. The app's own pages have none (their CSP has no frame-src), so
 * any is refused. Stripe's hosted page embeds frames of its own (under its own CSP): while the
 * customer window shows that page, its https frames are left to it; nothing else is.
 */
export function decideSubframeNavigation(request: SubframeRequest): 'allow' | 'deny' {
  if (request.window !== 'customer') return 'deny';
  const hosted = trustedWebOrigin(request.hostedOrigin);
  if (hosted === null || trustedWebOrigin(request.topUrl) !== hosted) return 'deny';
  const url = parseUrl(request.url);
  if (url === null || url.username !== '' || url.password !== '') return 'deny';
  if (url.protocol === 'https:') return 'allow';
  // The simulator's page may frame itself; plain http to anywhere else is not allowed.
  return trustedWebOrigin(request.url) === hosted ? 'allow' : 'deny';
}

/**
 * Whether the customer window must be brought back to the app's own screen now: it shows
 * something else (the hosted flow, or Chromium's error page after a failed load) while the
 * customer screen is no longer "in the flow" — staff canceled, the result arrived, or the
 * screen went back to welcome. The customer then sees what happened instead of a stale page.
 */
export function customerShouldReturn(screen: string, currentUrl: string): boolean {
  return screen !== 'in_flow' && !isAppUrl(currentUrl);
}
