/**
 * The one place main touches ipcMain and webContents.send. Each contract method is bound once,
 * generically, on the channel `countersign:<method>`, and answered by `dispatch` (dispatch.ts,
 * shared with the HTTP harness): the sender must be one of the app's windows showing an app
 * page, allowed to call that method, with arguments that pass the contract.
 */
import { ipcMain, type WebContents } from 'electron';
import {
  EVENT_NAMES,
  eventChannel,
  methodChannel,
  type EventName,
  type EventSpec,
  type WindowKind,
} from '../../contract/ipc.ts';
import {
  checkEventPayload,
  dispatch,
  eventRecipients,
  senderFactsOf,
  toEnvelope,
  type AnyHandler,
  type ContractLike,
  type DispatchOptions,
} from './dispatch.ts';

export { dispatch } from './dispatch.ts';

export interface BindOptions extends DispatchOptions {
  contract: ContractLike;
  handlers: Readonly<Record<string, AnyHandler>>;
  /** The registry of the app's windows: webContents id → kind, null for anything else. */
  windowKindOf: (webContentsId: number) => WindowKind | null;
}

/** Binds every contract method once; returns the function that unbinds them. */
export function bindIpc(options: BindOptions): () => void {
  const names = Object.keys(options.contract.methods);
  for (const name of names) {
    ipcMain.handle(methodChannel(name as never), async (event, rawArgs: unknown) =>
      toEnvelope(
        await dispatch(
          options.contract,
          options.handlers,
          senderFactsOf(event, options.windowKindOf),
          name,
          rawArgs,
          options,
        ),
      ),
    );
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(methodChannel(name as never));
  };
}

export interface EventSenderOptions {
  events: Readonly<Record<EventName, EventSpec>>;
  windows: () => readonly { kind: WindowKind; webContents: WebContents }[];
  /** Check each payload against the contract before it leaves (development and tests). */
  validate?: boolean;
  /** One entry per event; `dropped` says why an event was not sent (paths and codes, no values). */
  log?: (entry: { event: string; sent: number; dropped?: string }) => void;
}

/** The only way main pushes anything to a window. */
export function createEventSender(options: EventSenderOptions) {
  return function send<E extends EventName>(name: E, payload: unknown): void {
    if (!EVENT_NAMES.includes(name)) return;
    const spec = options.events[name];
    let value = payload;
    if (options.validate) {
      const checked = checkEventPayload(spec, payload);
      if (!checked.ok) {
        options.log?.({ event: name, sent: 0, dropped: checked.reason });
        return;
      }
      value = checked.value;
    }
    const targets = eventRecipients(
      spec,
      options
        .windows()
        .filter((w) => !w.webContents.isDestroyed())
        .map((w) => ({ kind: w.kind, url: w.webContents.getURL(), webContents: w.webContents })),
    );
    for (const target of targets) target.webContents.send(eventChannel(name), value);
    options.log?.({ event: name, sent: targets.length });
  };
}
