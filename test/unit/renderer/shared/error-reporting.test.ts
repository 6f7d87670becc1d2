// A window's uncaught errors reach main's log through app.reportError (shared/error-reporting.ts):
// cut to the contract's own limits, the message and stack only, at most a page's budget, and
// never an error of its own — whatever is thrown, and whatever the send does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_REPORT_BOUNDS } from '../../../../contract/bounds.ts';
import { contract, type ErrorReport } from '../../../../contract/ipc.ts';
import {
  createErrorReporter,
  cut,
  MAX_REPORTS,
  reportUncaughtErrors,
  toErrorReport,
} from '../../../../renderer/src/shared/error-reporting.ts';

/** What main's dispatch would accept: the contract's own schema for the arguments. */
const accepted = (report: ErrorReport) => contract.methods['app.reportError'].args.safeParse(report).success;

describe('an error report', () => {
  it('is cut to the contract’s limits, and the contract accepts it', () => {
    const error = new Error('x'.repeat(10_000));
    error.stack = `Error: boom\n${'    at frame (app://countersign/assets/staff-abc.js:1:1)\n'.repeat(1000)}`;
    const report = toErrorReport('error', error);
    assert.equal(report.message.length, ERROR_REPORT_BOUNDS.message);
    assert.equal(report.stack?.length, ERROR_REPORT_BOUNDS.stack);
    assert.ok(report.message.endsWith('…') && report.stack!.endsWith('…'), 'a cut text says so');
    assert.ok(accepted(report));
    // One unit over either limit and the contract refuses it: the cut is exactly the limit.
    assert.equal(accepted({ ...report, message: `${report.message}x` }), false);
    assert.equal(accepted({ ...report, stack: `${report.stack}x` }), false);
  });

  it('is not cut when it fits, and never splits a character', () => {
    assert.equal(cut('short', 10), 'short');
    assert.equal(cut('abcdef', 4), 'abc…');
    const emoji = '😀'.repeat(3000); // two UTF-16 units each
    const message = toErrorReport('error', new Error(emoji)).message;
    assert.ok(message.length <= ERROR_REPORT_BOUNDS.message);
    assert.doesNotMatch(message, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone high surrogate');
    assert.ok(accepted(toErrorReport('render', new Error(emoji))));
  });

  it('carries the message and the stack, nothing else found on the error', () => {
    const error = Object.assign(new TypeError('cannot read x of undefined'), {
      props: { reference: 'Jane Doe', email: 'jane@example.com' },
      state: { result: 'verified' },
    });
    const report = toErrorReport('render', error);
    assert.deepEqual(Object.keys(report).sort(), ['message', 'source', 'stack']);
    assert.equal(report.message, 'TypeError: cannot read x of undefined');
    assert.doesNotMatch(JSON.stringify(report), /Jane|jane@|verified/);
    assert.equal(toErrorReport('error', new Error('plain')).message, 'plain');
  });

  it('names a thrown value that is not an Error by its type, and takes a thrown string as it is', () => {
    assert.equal(toErrorReport('unhandledrejection', 'quota exceeded').message, 'quota exceeded');
    for (const [value, type] of [
      [{ reference: 'Jane Doe' }, 'object'],
      [42, 'number'],
      [null, 'null'],
      [undefined, 'undefined'],
    ] as const) {
      const report = toErrorReport('unhandledrejection', value);
      assert.equal(report.message, `a value that is not an Error was thrown (${type})`);
      assert.equal(report.stack, undefined);
      assert.ok(accepted(report));
    }
    const hostile = {
      get message(): string {
        throw new Error('a getter that throws');
      },
    };
    assert.doesNotThrow(() => toErrorReport('error', hostile));
  });
});

describe('the reporter', () => {
  it('sends each error once, at most its budget per page', async () => {
    const sent: ErrorReport[] = [];
    const reporter = createErrorReporter(async (r) => sent.push(r));
    const again = new Error('thrown by the same line, again and again');
    reporter.report('error', again);
    reporter.report('error', again);
    assert.equal(sent.length, 1, 'a repeat is not sent again');
    for (let i = 0; i < 100; i++) reporter.report('error', new Error(`storm ${i}`));
    assert.equal(sent.length, MAX_REPORTS);
    assert.equal(reporter.sent, MAX_REPORTS);
  });

  it('never throws and never reports itself, whatever the send does', async () => {
    const throwing = createErrorReporter(() => {
      throw new Error('the bridge is gone');
    });
    assert.doesNotThrow(() => throwing.report('error', new Error('a')));
    let rejected = 0;
    const rejecting = createErrorReporter(() => {
      rejected += 1;
      return Promise.reject(new Error('main did not answer'));
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    rejecting.report('error', new Error('b'));
    rejecting.report('unhandledrejection', new Error('c'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    assert.equal(rejected, 2);
    assert.deepEqual(unhandled, [], 'a failed send leaves no unhandled rejection behind');
  });

  it('listens for uncaught errors and rejections, and stops when told', () => {
    const sent: ErrorReport[] = [];
    const target = new EventTarget();
    const stop = reportUncaughtErrors(
      target,
      createErrorReporter(async (r) => sent.push(r)),
    );
    target.dispatchEvent(
      Object.assign(new Event('error'), { error: new RangeError('out of range'), message: 'x' }),
    );
    target.dispatchEvent(Object.assign(new Event('error'), { error: null, message: 'Script error.' }));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('rejected') }));
    assert.deepEqual(
      sent.map((r) => [r.source, r.message]),
      [
        ['error', 'RangeError: out of range'],
        ['error', 'Script error.'],
        ['unhandledrejection', 'rejected'],
      ],
    );
    stop();
    target.dispatchEvent(Object.assign(new Event('error'), { error: new Error('after stop') }));
    assert.equal(sent.length, 3);
  });
});
