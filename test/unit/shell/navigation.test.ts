import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  customerShouldReturn,
  decideNavigation,
  decideSubframeNavigation,
  isOwnAppPage,
} from '../../../main/shell/navigation.ts';
import { isAppUrl, originForLog, trustedWebOrigin, WINDOW_PAGES } from '../../../main/shell/origins.ts';

const STRIPE = 'https://verify.stripe.com';
const SIM = 'http://127.0.0.1:4243';
const RETURN = 'https://return.countersign.invalid/done';

const customer = (url: string, hostedOrigin: string | null = STRIPE, returnUrl: string | null = RETURN) =>
  decideNavigation({ window: 'customer', url, hostedOrigin, returnUrl });
const staff = (url: string) =>
  decideNavigation({ window: 'staff', url, hostedOrigin: STRIPE, returnUrl: RETURN });

test('each window may show its own app page and the crash page, never the other window’s', () => {
  for (const url of ['app://countersign/crash.html', 'app://countersign/restart']) {
    assert.equal(staff(url), 'allow', url);
    assert.equal(customer(url), 'allow', url);
  }
  for (const url of [
    'app://countersign/staff.html',
    'app://countersign/staff.html#/staff?view=history&session=vs_1',
  ]) {
    assert.equal(staff(url), 'allow', url);
    assert.equal(customer(url), 'deny', `the customer window never loads the console: ${url}`);
  }
  for (const url of ['app://countersign/customer.html', 'app://countersign/customer.html#/customer']) {
    assert.equal(customer(url), 'allow', url);
    assert.equal(staff(url), 'deny', url);
  }
  for (const url of [
    'app://countersign/',
    'app://countersign/index.html',
    'app://countersign/assets/staff-abc.js',
    'app://countersign/Customer.html',
  ]) {
    assert.equal(staff(url), 'deny', url);
    assert.equal(customer(url), 'deny', url);
  }
});

test('the windows’ pages are the ones the build writes', () => {
  assert.equal(WINDOW_PAGES.staff, 'app://countersign/staff.html#/staff');
  assert.equal(WINDOW_PAGES.customer, 'app://countersign/customer.html#/customer');
  assert.equal(isOwnAppPage('staff', WINDOW_PAGES.staff), true);
  assert.equal(isOwnAppPage('customer', WINDOW_PAGES.customer), true);
  assert.equal(isOwnAppPage('customer', 'https://verify.stripe.com/customer.html'), false);
});

test('the hosted flow is allowed in the customer window only', () => {
  assert.equal(customer('https://verify.stripe.com/start/test_YWNjdF8xTz'), 'allow');
  assert.equal(customer('https://verify.stripe.com:443/start/x'), 'allow');
  assert.equal(customer('https://VERIFY.STRIPE.COM/start/x'), 'allow');
  assert.equal(staff('https://verify.stripe.com/start/x'), 'deny');
});

test('the simulator origin is allowed when it is the hosted origin, port included', () => {
  assert.equal(customer(`${SIM}/hosted/vs_123?token=abc`, SIM), 'allow');
  assert.equal(customer('http://127.0.0.1:4244/hosted/vs_123', SIM), 'deny');
  assert.equal(customer('http://127.0.0.1/hosted/vs_123', SIM), 'deny');
  assert.equal(customer('https://127.0.0.1:4243/hosted/vs_123', SIM), 'deny');
  assert.equal(customer(`${SIM}/hosted/vs_123`, STRIPE), 'deny');
});

test('a plain-http hosted origin off this machine is never trusted', () => {
  assert.equal(customer('http://verify.stripe.com/start/x', 'http://verify.stripe.com'), 'deny');
  assert.equal(customer('http://192.168.1.10:4243/x', 'http://192.168.1.10:4243'), 'deny');
});

test('the return url is intercepted in the customer window, refused in the staff window', () => {
  assert.equal(customer(RETURN), 'return');
  assert.equal(customer(`${RETURN}?session=vs_1#x`), 'return');
  assert.equal(customer('https://return.countersign.invalid/other'), 'deny');
  assert.equal(staff(RETURN), 'deny');
  // A return page on the simulator's own origin is intercepted, not loaded.
  assert.equal(customer(`${SIM}/return`, SIM, `${SIM}/return`), 'return');
  assert.equal(customer(`${SIM}/hosted/vs_1`, SIM, `${SIM}/return`), 'allow');
  // A return url that is not trustworthy is never matched.
  assert.equal(customer('http://example.com/done', STRIPE, 'http://example.com/done'), 'deny');
  assert.equal(customer('https://verify.stripe.com/x', STRIPE, null), 'allow');
});

test('hostile and odd URLs are denied everywhere', () => {
  const hostile = [
    'file:///etc/passwd',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://verify.stripe.com/1234',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'view-source:https://verify.stripe.com/',
    'ftp://verify.stripe.com/',
    'ws://127.0.0.1:4243/',
    'https://verify.stripe.com.evil.example/start/x',
    'https://verify-stripe.com/start/x',
    'https://verify.stripe.co/start/x',
    'https://evil.example/verify.stripe.com',
    'https://evil.example/?next=https://verify.stripe.com',
    'https://verify.stripe.com@evil.example/',
    'https://verify.stripe.com:password@evil.example/',
    'https://user@verify.stripe.com/start/x',
    'https://xn--verfy-6ta.stripe.com/',
    'https://vérify.stripe.com/',
    'https://stripe.com/',
    'https://dashboard.stripe.com/',
    'https://verify.stripe.com:8443/',
    'http://verify.stripe.com/',
    '//evil.example/',
    '/relative/path',
    '',
    'not a url',
    'app://countersign.evil.example/staff.html',
    'app://evil/staff.html',
    'app://countersign@evil/staff.html',
    'app://user@countersign/staff.html',
    'app://countersign:8080/staff.html',
    'apps://countersign/staff.html',
    'http://countersign/staff.html',
    'https://return.countersign.invalid.evil.example/done',
    `https://${'a'.repeat(9000)}.example/`,
  ];
  for (const url of hostile) {
    assert.equal(customer(url), 'deny', `customer: ${url}`);
    assert.equal(staff(url), 'deny', `staff: ${url}`);
  }
});

test('subframes: none on app pages; https frames of the hosted page only', () => {
  const sub = (url: string, topUrl: string, window: 'staff' | 'customer' = 'customer') =>
    decideSubframeNavigation({ window, url, topUrl, hostedOrigin: STRIPE });
  assert.equal(sub('https://js.stripe.com/v3/frame.html', 'https://verify.stripe.com/start/x'), 'allow');
  assert.equal(sub('https://js.stripe.com/v3/frame.html', 'app://countersign/customer.html'), 'deny');
  assert.equal(sub('https://js.stripe.com/', 'https://verify.stripe.com/x', 'staff'), 'deny');
  assert.equal(sub('http://evil.example/', 'https://verify.stripe.com/x'), 'deny');
  assert.equal(sub('javascript:alert(1)', 'https://verify.stripe.com/x'), 'deny');
  assert.equal(sub('file:///etc/passwd', 'https://verify.stripe.com/x'), 'deny');
  assert.equal(sub('https://a@evil.example/', 'https://verify.stripe.com/x'), 'deny');
  assert.equal(sub('https://js.stripe.com/', 'https://verify.stripe.com.evil.example/x'), 'deny');
  assert.equal(
    decideSubframeNavigation({
      window: 'customer',
      url: `${SIM}/frame`,
      topUrl: `${SIM}/hosted/1`,
      hostedOrigin: SIM,
    }),
    'allow',
  );
});

test('origin helpers', () => {
  assert.ok(isAppUrl('app://countersign/x'));
  assert.ok(!isAppUrl(null));
  assert.equal(trustedWebOrigin('http://localhost:9/x'), 'http://localhost:9');
  assert.equal(trustedWebOrigin('http://[::1]:9/x'), 'http://[::1]:9');
  assert.equal(trustedWebOrigin('http://example.com/'), null);
  // Logs get the origin only: the hosted url's path and query are single-use secrets.
  assert.equal(originForLog('https://verify.stripe.com/start/test_secret?x=1'), 'https://verify.stripe.com');
  assert.equal(originForLog('app://countersign/staff.html?x'), 'app://countersign');
  assert.equal(originForLog('javascript:alert(document.cookie)'), 'javascript:');
  assert.equal(originForLog('%%%'), '(unparseable)');
});

test('the customer window is brought back to the app once the screen is no longer in the flow', () => {
  const hosted = 'https://verify.stripe.com/start/test_abc';
  const app = 'app://countersign/customer.html#/customer';
  assert.equal(customerShouldReturn('in_flow', hosted), false, 'the customer is doing the flow');
  // Canceled by staff, redacted (back to welcome), or another session shown as a QR code.
  for (const screen of [
    'canceled',
    'checking',
    'verified',
    'requires_input',
    'ask_staff',
    'welcome',
    'handoff',
  ]) {
    assert.equal(customerShouldReturn(screen, hosted), true, screen);
    assert.equal(customerShouldReturn(screen, app), false, `${screen}: already on the app`);
  }
  assert.equal(customerShouldReturn('canceled', 'chrome-error://chromewebdata/'), true, 'an error page too');
});
