/** key.*: the Stripe key in the keychain, and the backend that follows from it. */
import { CountersignError } from '../../../contract/errors.ts';
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { parseKey } from '../stripe/index.ts';
import type { Vault } from '../keychain/index.ts';
import type { HandlerContext } from './context.ts';

export function keyHandlers(ctx: HandlerContext): NamespaceHandlers<'key'> {
  const vault = (): Vault => {
    if (!ctx.vault) throw keychainMissing();
    return ctx.vault;
  };
  const restrictedVault = (): Vault => {
    if (!ctx.restrictedVault) throw keychainMissing();
    return ctx.restrictedVault;
  };
  return {
    // The format first: `pk_test_123` or `hello` is told what a key looks like, keychain or not.
    'key.store': async ({ key }) => (parseKey(key), ctx.host.change(() => vault().store(key))),
    'key.remove': async () => {
      const removed = await ctx.host.change(
        () => vault().remove(),
        (wasThere) => wasThere,
      );
      return { removed };
    },
    'key.storeRestricted': async ({ key }) => {
      const { kind, mode } = parseKey(key);
      if (kind !== 'restricted') return restrictedVault().store(key); // refuses it, in words
      const secret = await vault().describe();
      if (secret.configured && secret.mode !== mode) throw otherMode();
      return ctx.host.change(() => restrictedVault().store(key));
    },
    'key.removeRestricted': async () => {
      const removed = await ctx.host.change(
        () => restrictedVault().remove(),
        (wasThere) => wasThere,
      );
      return { removed };
    },
    'key.test': async () => {
      if (ctx.host.keyProblem()) {
        // The keychain may have been unlocked since: read the key again and switch to Stripe.
        await ctx.host.change(async () => undefined);
        const problem = ctx.host.keyProblem();
        if (problem) throw new CountersignError(problem.code, problem.message, { text: problem.text });
      }
      const backend = ctx.host.current();
      await backend.gateway.ping();
      ctx.connectivity.report(true);
      return { ok: true, mode: backend.mode };
    },
  };
}

function keychainMissing(): CountersignError {
  return new CountersignError(
    'keychain_unavailable',
    'The system keychain is not available, so the key cannot be stored safely. On Linux install and start gnome-keyring or another Secret Service, then restart Countersign.',
    { text: { id: 'keychain_unavailable_key', params: {} } },
  );
}

function otherMode(): CountersignError {
  return new CountersignError(
    'key_malformed',
    'The restricted key and the secret key are for different modes (one test, one live). Use a ' +
      'restricted key of the same mode as the secret key.',
    { text: { id: 'restricted_key_other_mode', params: {} } },
  );
}
