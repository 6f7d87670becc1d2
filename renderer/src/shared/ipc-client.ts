/**
 * The renderer's only way to main: a typed wrapper over `window.countersign` (put there by the
 * preload in Electron, by the harness's bridge in a browser). Every rejection comes out as an
 * `ErrorPayload`, so screens never have to tell a typed error from a bug.
 */
import type {
  ErrorPayload,
  EventName,
  EventPayload,
  InvokeArgs,
  MethodName,
  MethodResult,
  SessionView,
} from '../../../contract/ipc.ts';
// The zod-free half of the contract: start-up loads no schema.
import { isErrorPayload } from '../../../contract/channels.ts';
import { localError } from './local-error.ts';
import { i18n } from './i18n/index.ts';

/** Made when thrown, so it is in the language the page speaks then. */
const unreachable = (): ErrorPayload => localError('internal', i18n.t('common:error.unreachable'));

function bridge() {
  return (window as Partial<Window>).countersign ?? null;
}

export async function call<K extends MethodName>(
  method: K,
  ...args: InvokeArgs<K>
): Promise<MethodResult<K>> {
  const api = bridge();
  if (api === null) throw unreachable();
  try {
    return await api.invoke(method, ...args);
  } catch (error) {
    throw toPayload(error);
  }
}

/** Takes a queued creation out before it is sent (refused once its request may have reached Stripe). */
export function withdrawQueued(clientReferenceId: string): Promise<SessionView> {
  return call('outbox.withdraw', { clientReferenceId });
}

export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  const api = bridge();
  if (api === null) return () => {};
  return api.on(event, listener);
}

export function toPayload(error: unknown): ErrorPayload {
  // The text (an id with params) goes along as it came: describeError checks it against the
  // contract before saying it, and falls back to the code's general text.
  if (isErrorPayload(error)) {
    return error.text === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, text: error.text };
  }
  // No message: the page shows the catalogue's words for `internal`, in its own language.
  return { code: 'internal', message: '' };
}
