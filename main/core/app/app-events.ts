/**
 * Everything the core announces: the contract's events (which the shell and the harness forward
 * to windows) and, for main alone, the hosted url to open in the customer window.
 */
import type { EventName, EventPayload } from '../../../contract/ipc.ts';
import { createEmitter, type Emitter } from '../../../base/emitter.ts';
import type { Logger } from '../../../base/logger.ts';

export type AppEventMap = { [E in EventName]: EventPayload<E> } & {
  /** Main only: open this hosted url in the customer window. Never forwarded to a renderer. */
  'hosted-flow.open': string;
  /** Main only: staff gave the right PIN on the kiosk; open the staff console. */
  'kiosk.unlocked': null;
};

export type AppEvents = Emitter<AppEventMap>;

export function createAppEvents(logger: Logger): AppEvents {
  return createEmitter<AppEventMap>((name, error) =>
    logger.error('event listener failed', { event: name, error: (error as Error)?.name ?? 'error' }),
  );
}
