/**
 * A window's uncaught error reaches main's log (issue 15): an error thrown in either page, a
 * rejection nobody handles, and a render that throws (the error boundary) each arrive in the
 * core's log through app.reportError, with the error's message and stack and nothing the screen
 * showed. A storm of errors sends at most the page's budget, and a report main refuses is not
 * sent again. The errors are thrown from outside the app's code, as a bug would, through the
 * browser's own evaluation (the pages' CSP allows no inline script).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Harness } from '../harness/server.ts';
import { openStage, type Stage } from '../support/e2e.ts';

/** Waits until the core has logged a line that matches (state, not time: each check is a turn). */
async function logged(harness: Harness, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = harness.coreLog.find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`nothing logged matching ${pattern}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const reportsFrom = (harness: Harness, role: 'staff' | 'customer') =>
  harness.sent.filter((r) => r.kind === 'envelope' && r.role === role && r.method === 'app.reportError')
    .length;

async function waitForReports(harness: Harness, role: 'staff' | 'customer', count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (reportsFrom(harness, role) < count) {
    if (Date.now() > deadline)
      throw new Error(`${role}: ${reportsFrom(harness, role)} reports, not ${count}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('e2e: a window’s uncaught errors reach main’s log', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(() => stage.close());

  it('an error thrown in the console, with its message and stack', async () => {
    await stage.staff.evaluate(`setTimeout(() => { throw new TypeError('injected staff failure'); }, 0)`);
    const line = await logged(stage.harness, /staff window: uncaught error .*injected staff failure/);
    assert.match(line, /message=.*TypeError: injected staff failure/);
    assert.match(line, /stack=/);
  });

  it('a rejection nobody handled, in the customer window', async () => {
    await stage.customer.evaluate(
      `setTimeout(() => { Promise.reject(new Error('injected customer rejection')); }, 0)`,
    );
    await logged(stage.harness, /customer window: uncaught unhandledrejection .*injected customer rejection/);
  });

  it('a render that throws: the boundary reports it, says so, and the screen loads again', async () => {
    const { staff, harness } = stage;
    // Today's rows write each time through this: a bug in it fails the render of a new row.
    await staff.evaluate(
      `Date.prototype.toLocaleTimeString = function () { throw new Error('injected render failure'); }`,
    );
    await staff.getByLabel('Reference (order or ticket)').fill('RENDER-REF-77');
    await staff.getByTestId('start').click();
    await staff.getByTestId('render-failed').waitFor();
    const line = await logged(harness, /staff window: uncaught render .*injected render failure/);
    assert.match(line, /stack=/);
    assert.ok(!line.includes('RENDER-REF-77'), 'what the screen showed is not in the report');
    await staff.getByRole('button', { name: 'Load the screen again' }).click();
    await staff.getByTestId('start').and(staff.locator(':enabled')).waitFor();
  });

  it('a storm of errors sends at most the page’s budget', async () => {
    const { staff, harness } = stage;
    await staff.reload();
    await staff.getByTestId('start').and(staff.locator(':enabled')).waitFor();
    const before = reportsFrom(harness, 'staff');
    await staff.evaluate(
      `new Promise((done) => { for (let i = 0; i < 200; i++) setTimeout(() => { throw new Error('storm ' + i); }, 0); setTimeout(done, 0); })`,
    );
    await waitForReports(harness, 'staff', before + 20);
    // Something after the storm that needs main: its answer comes after any report still in flight.
    await staff.getByTestId('tab-history').click();
    await staff.getByTestId('tab-console').click();
    await staff.getByTestId('start').and(staff.locator(':enabled')).waitFor();
    assert.equal(reportsFrom(harness, 'staff') - before, 20, 'MAX_REPORTS per page');
  });
});

describe('e2e: a report main refuses is not sent again', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ failMethods: ['app.reportError'] });
  });
  after(() => stage.close());

  it('one error, one attempt, and the page goes on', async () => {
    const { customer, harness } = stage;
    await customer.evaluate(`setTimeout(() => { throw new Error('injected while main refuses'); }, 0)`);
    await waitForReports(harness, 'customer', 1);
    await customer.evaluate(`setTimeout(() => { throw new Error('a second, different one'); }, 0)`);
    await waitForReports(harness, 'customer', 2);
    // The customer screen still answers: it asks main again when the language changes.
    await customer.getByRole('button', { name: '日本語' }).click();
    await customer.locator('[data-language="ja"]').waitFor();
    assert.equal(reportsFrom(harness, 'customer'), 2, 'a refused report is dropped, not retried');
    assert.ok(!harness.coreLog.some((l) => /injected while main refuses/.test(l)));
  });
});
