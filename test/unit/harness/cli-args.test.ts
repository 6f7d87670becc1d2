/** `npm run harness -- --help` prints the options; a bad option is a message, never a stack trace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HARNESS_USAGE, parseHarnessArgs } from '../../harness/cli-args.ts';

describe('harness options', () => {
  it('--help and -h ask for the usage, which lists every option', () => {
    assert.deepEqual(parseHarnessArgs(['--help']), { help: true });
    assert.deepEqual(parseHarnessArgs(['-h']), { help: true });
    for (const option of [
      '--port',
      '--delay',
      '--station',
      '--kiosk',
      '--quiet',
      '--memory-keychain',
      '--help',
    ]) {
      assert.ok(HARNESS_USAGE.includes(option), option);
    }
  });
  it('defaults, and values', () => {
    assert.deepEqual(parseHarnessArgs([]), {
      options: {
        port: 0,
        delayMs: 1500,
        station: 'counter-1',
        kiosk: false,
        quiet: false,
        memoryKeychain: false,
      },
    });
    assert.deepEqual(
      parseHarnessArgs([
        '--port',
        '5180',
        '--delay',
        '300',
        '--station',
        'kiosk-1',
        '--kiosk',
        '--memory-keychain',
      ]),
      {
        options: {
          port: 5180,
          delayMs: 300,
          station: 'kiosk-1',
          kiosk: true,
          quiet: false,
          memoryKeychain: true,
        },
      },
    );
  });
  it('an unknown option or a bad number is an error message', () => {
    assert.ok('error' in parseHarnessArgs(['--nope']));
    assert.ok('error' in parseHarnessArgs(['--port', 'abc']));
    assert.ok('error' in parseHarnessArgs(['--delay', '-5']));
  });
});
