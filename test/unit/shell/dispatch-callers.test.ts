// Every method is refused to every window kind the contract does not name among its callers,
// before its arguments are read or its handler runs: a customer window can never read a result,
// store a key or start a verification, whatever it sends. The fuzz in test/reliability samples
// this; here it is checked for every (method, window) pair.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contract, METHOD_NAMES, WINDOW_KINDS } from '../../../contract/ipc.ts';
import { dispatch, type AnyHandler } from '../../../main/shell/dispatch.ts';

const APP_PAGE = 'app://countersign/index.html';

test('each method is refused to each window kind outside its callers, and reaches the handler from its callers', async () => {
  const called: string[] = [];
  const handlers: Record<string, AnyHandler> = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      async () => {
        called.push(name);
        return null;
      },
    ]),
  );
  let refusedPairs = 0;
  for (const name of METHOD_NAMES) {
    const callers: readonly string[] = contract.methods[name].callers;
    for (const kind of WINDOW_KINDS) {
      called.length = 0;
      const result = await dispatch(contract, handlers, { senderKind: kind, senderUrl: APP_PAGE }, name, {});
      if (callers.includes(kind)) {
        // Its own callers get past the caller check (their arguments may still be refused).
        assert.ok(result.ok || result.denial !== 'forbidden_caller', `${name} from ${kind} is allowed`);
      } else {
        refusedPairs += 1;
        assert.equal(result.ok, false, `${name} from ${kind} is refused`);
        assert.equal(!result.ok && result.denial, 'forbidden_caller', `${name} from ${kind}`);
        assert.deepEqual(called, [], `${name}'s handler never ran for ${kind}`);
      }
    }
  }
  // Most methods are the staff window's alone: the check above ran on every one of them.
  assert.ok(refusedPairs >= METHOD_NAMES.length / 2, `${refusedPairs} refused pairs`);
});
