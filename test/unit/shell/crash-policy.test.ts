// The crash policy: each event → action, the reload-loop limit on an injected clock (timestamps
// as data, no timers), a clean exit ignored, and main's own errors.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import {
  CRASH_PAGE,
  decideMainError,
  decideWindowEvent,
  isRestartRequest,
  RELOAD_LIMIT,
  RELOAD_WINDOW_MS,
  RESTART_URL,
  UNRESPONSIVE_GRACE_MS,
  type WindowEvent,
  type WindowFacts,
} from '../../../main/shell/crash-policy.ts';
import { contentSecurityPolicy, serveAppRequest } from '../../../main/shell/protocol.ts';

const RENDERER_SOURCE = fileURLToPath(new URL('../../../renderer/public', import.meta.url));

const STAFF_HOME = 'app://countersign/staff.html#/staff';
const CUSTOMER_HOME = 'app://countersign/customer.html#/customer';
const HOSTED = 'http://127.0.0.1:4242/hosted/vs_00000001abcdefGHIJ123456?token=abc';
const NOW = 1_764_561_187_000;

const crashed: WindowEvent = { type: 'render-process-gone', reason: 'crashed', exitCode: 139 };

function staff(over: Partial<WindowFacts> = {}): WindowFacts {
  return {
    kind: 'staff',
    homePage: STAFF_HOME,
    currentUrl: 'app://countersign/staff.html#/staff/history',
    lastAppUrl: 'app://countersign/staff.html#/staff/history',
    reloads: [],
    now: NOW,
    closing: false,
    ...over,
  };
}

function customer(over: Partial<WindowFacts> = {}): WindowFacts {
  return {
    ...staff(),
    kind: 'customer',
    homePage: CUSTOMER_HOME,
    currentUrl: CUSTOMER_HOME,
    lastAppUrl: CUSTOMER_HOME,
    ...over,
  };
}

describe('renderer crashes', () => {
  test('a staff window is reloaded on the view it showed', () => {
    const action = decideWindowEvent(crashed, staff());
    assert.equal(action.do, 'reload');
    assert.ok(action.do === 'reload');
    assert.equal(action.url, 'app://countersign/staff.html#/staff/history');
    assert.deepEqual(action.reloads, [NOW]);
    assert.equal(action.customerReturned, false);
    assert.equal(action.log.level, 'warn');
    assert.deepEqual(action.log.fields, {
      window: 'staff',
      event: 'render-process-gone',
      reason: 'crashed',
      exitCode: 139,
      to: '#/staff/history',
      reload: 1,
      of: RELOAD_LIMIT,
    });
  });

  test('a staff window with no app page yet, or on the crash page before, goes to its home page', () => {
    for (const lastAppUrl of [null, CRASH_PAGE, RESTART_URL, 'https://evil.example/#/staff']) {
      const action = decideWindowEvent(crashed, staff({ lastAppUrl }));
      assert.ok(action.do === 'reload');
      assert.equal(action.url, STAFF_HOME, String(lastAppUrl));
    }
  });

  test('a customer window goes back to the welcome screen, wherever it was', () => {
    const onScreen = decideWindowEvent(crashed, customer({ lastAppUrl: `${CUSTOMER_HOME}/outcome` }));
    assert.ok(onScreen.do === 'reload');
    assert.equal(onScreen.url, CUSTOMER_HOME);
    assert.equal(onScreen.customerReturned, false);
    const inFlow = decideWindowEvent(crashed, customer({ currentUrl: HOSTED }));
    assert.ok(inFlow.do === 'reload');
    assert.equal(inFlow.url, CUSTOMER_HOME);
    assert.equal(inFlow.customerReturned, true, 'the core looks at the session it was in');
    assert.ok(!JSON.stringify(inFlow.log).includes('token'), 'the hosted url is not logged');
  });

  test('every reason but a clean exit is a crash', () => {
    for (const reason of [
      'abnormal-exit',
      'killed',
      'crashed',
      'oom',
      'launch-failed',
      'memory-eviction',
    ] as const) {
      assert.equal(
        decideWindowEvent({ type: 'render-process-gone', reason, exitCode: 1 }, staff()).do,
        'reload',
        reason,
      );
    }
  });

  test('a clean exit is not a crash', () => {
    const action = decideWindowEvent(
      { type: 'render-process-gone', reason: 'clean-exit', exitCode: 0 },
      staff(),
    );
    assert.equal(action.do, 'nothing');
    assert.equal(action.log?.level, 'info');
  });

  test('nothing happens while the app quits or closes the window', () => {
    const events: WindowEvent[] = [
      crashed,
      { type: 'unresponsive' },
      { type: 'unresponsive-timeout' },
      { type: 'did-fail-load', errorCode: -6, url: CUSTOMER_HOME, isMainFrame: true },
    ];
    for (const event of events) {
      assert.deepEqual(
        decideWindowEvent(event, customer({ closing: true })),
        { do: 'nothing', log: null },
        event.type,
      );
    }
  });

  test('an integrity failure gives up at once: reloading would run the same code', () => {
    const action = decideWindowEvent(
      { type: 'render-process-gone', reason: 'integrity-failure', exitCode: 1 },
      staff(),
    );
    assert.equal(action.do, 'show-crash-page');
  });
});

describe('the reload loop', () => {
  test(`${RELOAD_LIMIT} reloads within ${RELOAD_WINDOW_MS} ms are allowed; the next crash shows the crash page`, () => {
    let reloads: number[] = [];
    const seen: string[] = [];
    for (let i = 0; i <= RELOAD_LIMIT; i += 1) {
      const action = decideWindowEvent(crashed, customer({ reloads, now: NOW + i * 5_000 }));
      seen.push(action.do);
      if (action.do === 'reload' || action.do === 'show-crash-page') reloads = action.reloads;
    }
    assert.deepEqual(seen, [...Array(RELOAD_LIMIT).fill('reload'), 'show-crash-page']);
    const last = decideWindowEvent(crashed, customer({ reloads, now: NOW + 20_000 }));
    assert.ok(last.do === 'show-crash-page');
    assert.equal(last.url, CRASH_PAGE);
    assert.equal(last.log.level, 'error');
    assert.equal(last.log.fields.reloadsInWindow, RELOAD_LIMIT);
  });

  test('reloads older than the window no longer count, and are dropped from the history', () => {
    const old = [NOW - RELOAD_WINDOW_MS - 1, NOW - RELOAD_WINDOW_MS, NOW - RELOAD_WINDOW_MS + 1];
    const action = decideWindowEvent(crashed, staff({ reloads: old }));
    assert.ok(action.do === 'reload', 'two of the three are out of the window');
    assert.deepEqual(action.reloads, [NOW - RELOAD_WINDOW_MS + 1, NOW]);
    const justInside = [NOW - 59_999, NOW - 30_000, NOW - 1];
    assert.equal(decideWindowEvent(crashed, staff({ reloads: justInside })).do, 'show-crash-page');
  });

  test('a reload "in the future" (a clock set back) does not count', () => {
    const action = decideWindowEvent(crashed, staff({ reloads: [NOW + 1000, NOW + 2000, NOW + 3000] }));
    assert.equal(action.do, 'reload');
  });

  test('the crash page failing too falls back to the native restart dialog, not another page', () => {
    const action = decideWindowEvent(crashed, staff({ currentUrl: CRASH_PAGE }));
    assert.equal(action.do, 'restart-dialog');
    const failed = decideWindowEvent(
      { type: 'did-fail-load', errorCode: -6, url: CRASH_PAGE, isMainFrame: true },
      customer({ currentUrl: CRASH_PAGE }),
    );
    assert.equal(failed.do, 'restart-dialog');
  });
});

describe('hangs and failed loads', () => {
  test('unresponsive: wait; responsive: stop waiting; still unresponsive: end the renderer', () => {
    const wait = decideWindowEvent({ type: 'unresponsive' }, staff());
    assert.ok(wait.do === 'wait');
    assert.equal(wait.ms, UNRESPONSIVE_GRACE_MS);
    assert.equal(decideWindowEvent({ type: 'responsive' }, staff()).do, 'stop-waiting');
    // Ending the renderer fires render-process-gone ('killed'), which reloads and counts once.
    assert.equal(decideWindowEvent({ type: 'unresponsive-timeout' }, staff()).do, 'kill-renderer');
    assert.equal(
      decideWindowEvent({ type: 'render-process-gone', reason: 'killed', exitCode: 0 }, staff()).do,
      'reload',
    );
  });

  test('an app page that fails to load is reloaded, within the same limit', () => {
    const fail: WindowEvent = { type: 'did-fail-load', errorCode: -6, url: STAFF_HOME, isMainFrame: true };
    const action = decideWindowEvent(fail, staff());
    assert.ok(action.do === 'reload');
    assert.deepEqual(action.log.fields, {
      window: 'staff',
      event: 'did-fail-load',
      errorCode: -6,
      to: '#/staff/history',
      reload: 1,
      of: 3,
    });
    assert.equal(
      decideWindowEvent(fail, staff({ reloads: [NOW - 3, NOW - 2, NOW - 1] })).do,
      'show-crash-page',
    );
  });

  test('aborted loads, subframes and pages that are not the app’s are left alone', () => {
    for (const event of [
      { type: 'did-fail-load', errorCode: -3, url: STAFF_HOME, isMainFrame: true },
      { type: 'did-fail-load', errorCode: -6, url: STAFF_HOME, isMainFrame: false },
      { type: 'did-fail-load', errorCode: -106, url: HOSTED, isMainFrame: true },
    ] as const) {
      assert.equal(decideWindowEvent(event, customer()).do, 'nothing', JSON.stringify(event));
    }
  });
});

describe('the restart link', () => {
  test('restarts only when followed from the crash page', () => {
    assert.equal(isRestartRequest(CRASH_PAGE, RESTART_URL), true);
    assert.equal(isRestartRequest(`${CRASH_PAGE}?x#y`, `${RESTART_URL}#now`), true);
    assert.equal(isRestartRequest(HOSTED, RESTART_URL), false, 'a hosted page cannot restart the app');
    assert.equal(isRestartRequest('https://verify.stripe.com/start/x', RESTART_URL), false);
    assert.equal(isRestartRequest(STAFF_HOME, RESTART_URL), false);
    assert.equal(isRestartRequest(CRASH_PAGE, 'app://countersign/staff.html'), false);
    assert.equal(isRestartRequest(CRASH_PAGE, 'app://countersign.evil/restart'), false);
    assert.equal(isRestartRequest('app://countersign:99/crash.html', RESTART_URL), false);
  });
});

describe('the crash page', () => {
  test('is an app page served under the CSP, with no script, whose one link is the restart url', async () => {
    const response = await serveAppRequest(RENDERER_SOURCE, { url: CRASH_PAGE, method: 'GET' }, (f) =>
      readFile(f),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), contentSecurityPolicy());
    const html = await response.text();
    assert.ok(!/<script|\son\w+=|style=|javascript:/i.test(html), 'nothing the CSP would have to stop');
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1]!, CRASH_PAGE).href);
    assert.deepEqual(links, ['app://countersign/crash.css', RESTART_URL]);
    assert.ok(isRestartRequest(CRASH_PAGE, links[1]!));
    const css = await serveAppRequest(RENDERER_SOURCE, { url: links[0]!, method: 'GET' }, (f) => readFile(f));
    assert.equal(css.status, 200);
  });

  test('the restart url is no page: followed from anywhere else it is a 404', async () => {
    const response = await serveAppRequest(RENDERER_SOURCE, { url: RESTART_URL, method: 'GET' }, (f) =>
      readFile(f),
    );
    assert.equal(response.status, 404);
  });
});

describe("main's own errors", () => {
  test('an ordinary error is logged and main keeps running', () => {
    const error = new TypeError(
      `cannot read x of undefined near ${['sk', 'live', 'abc123DEF456'].join('_')}`,
    );
    const decision = decideMainError('uncaughtException', error);
    assert.equal(decision.fatal, false);
    assert.equal(decision.log.level, 'error');
    assert.equal(decision.log.fields.error, 'TypeError');
    assert.match(String(decision.log.fields.stack), /crash-policy\.test\.ts/);
    const rejection = decideMainError('unhandledRejection', 'just a string');
    assert.equal(rejection.fatal, false);
    assert.equal(rejection.log.fields.error, 'string');
    assert.equal(
      decideMainError('unhandledRejection', Object.assign(new Error('x'), { code: 'ENOSPC' })).fatal,
      false,
    );
  });

  test('out of file handles or memory: main cannot go on', () => {
    for (const code of ['EMFILE', 'ENFILE']) {
      const error = Object.assign(new Error(`${code}: too many open files`), { code });
      const decision = decideMainError('uncaughtException', error);
      assert.equal(decision.fatal, true, code);
      assert.equal(decision.log.fields.code, code);
    }
    assert.equal(
      decideMainError('unhandledRejection', new RangeError('Array buffer allocation failed')).fatal,
      true,
    );
    assert.equal(decideMainError('unhandledRejection', new RangeError('Invalid array length')).fatal, false);
  });
});
