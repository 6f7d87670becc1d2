/** hub.*: connect this station to a Countersign Hub with an enrollment code, or leave it. */
import { CountersignError } from '../../../contract/errors.ts';
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { enrollStation, hubStatusOf } from '../hub-client/index.ts';
import type { HandlerContext } from './context.ts';

export function hubHandlers(ctx: HandlerContext): NamespaceHandlers<'hub'> {
  return {
    'hub.connect': async ({ hubUrl, code }) => {
      // Checked before the code is spent: without a keychain the token would have nowhere safe to go.
      const credentials = ctx.hubCredentials;
      if (!credentials) throw keychainMissing();
      const connection = await enrollStation({ url: hubUrl, code, appVersion: ctx.version });
      await ctx.host.change(() => credentials.save(connection));
      const status = hubStatusOf(ctx.host.current().hub);
      if (!status) {
        // Saved, but the keychain would not give it back: the host reports why (keyProblem).
        const problem = ctx.host.keyProblem();
        throw new CountersignError(
          problem?.code ?? 'keychain_refused',
          problem?.message ?? 'The hub connection could not be read back from the system keychain.',
          { text: problem ? problem.text : { id: 'hub_token_unreadable', params: {} } },
        );
      }
      return status;
    },
    'hub.disconnect': async () => {
      const credentials = ctx.hubCredentials;
      if (!credentials) return { disconnected: false };
      const disconnected = await ctx.host.change(
        () => credentials.remove(),
        (removed) => removed,
      );
      // Out of the fleet: the hub's policy no longer applies, the station's own settings do.
      if (disconnected && ctx.settings.policy()) {
        ctx.settings.clearPolicy();
        ctx.settingsApplied();
      }
      // And the store's staff from the fleet page no longer sign in here.
      if (disconnected) ctx.staff.leaveHub();
      return { disconnected };
    },
  };
}

function keychainMissing(): CountersignError {
  return new CountersignError(
    'keychain_unavailable',
    'The system keychain is not available, so the hub’s station token cannot be kept safely. On Linux install and start gnome-keyring or another Secret Service, then restart Countersign.',
    { text: { id: 'keychain_unavailable_hub', params: {} } },
  );
}
