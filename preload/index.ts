/**
 * The preload: puts exactly the contract on `window.countersign`, and nothing else. No
 * ipcRenderer, no generic send, no Electron event object (it would hand the page `sender`).
 *
 * It runs sandboxed (no require but Electron's own); the build bundles it, with the contract's
 * method and event lists, into one CommonJS file.
 *
 * The preload runs on every page a window loads, including the hosted verification page in
 * the customer window. It exposes the API only on the app's own pages (main refuses calls from
 * anywhere else anyway; this keeps a third-party page from even seeing the surface).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  eventChannel,
  isErrorPayload,
  isEventName,
  isMethodName,
  methodChannel,
  type EventName,
} from '../contract/channels.ts';
import type { CountersignApi, Envelope, ErrorPayload } from '../contract/ipc.ts';

const APP_ORIGIN_PROTOCOL = 'app:';
const APP_ORIGIN_HOST = 'countersign';

function refusal(message: string): ErrorPayload {
  return { code: 'invalid_input', message };
}

const api: CountersignApi = {
  invoke: (async (method: unknown, args?: unknown) => {
    if (!isMethodName(method)) throw refusal('Countersign does not know that request.');
    const envelope = (await ipcRenderer.invoke(methodChannel(method), args)) as Envelope;
    if (envelope && envelope.ok === true) return envelope.value;
    const error = envelope && envelope.ok === false ? envelope.error : undefined;
    // A plain { code, message, text? } object: it crosses the context bridge intact, an Error
    // would not. The text (an id with params) is checked by the renderer before it is said.
    if (!isErrorPayload(error))
      throw { code: 'internal', message: 'Countersign did not answer as expected.' };
    throw typeof error.text === 'object' && error.text !== null
      ? { code: error.code, message: error.message, text: error.text }
      : { code: error.code, message: error.message };
  }) as CountersignApi['invoke'],

  on: ((event: unknown, listener: unknown) => {
    if (!isEventName(event) || typeof listener !== 'function') return () => {};
    const channel = eventChannel(event as EventName);
    // The page gets the payload only, never Electron's event object.
    const relay = (_event: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  }) as CountersignApi['on'],
};

// The preload is type-checked with main's (Node) types, which have no DOM: read location loosely.
const here = (globalThis as { location?: { protocol?: string; host?: string } }).location;
if (here?.protocol === APP_ORIGIN_PROTOCOL && here.host === APP_ORIGIN_HOST) {
  contextBridge.exposeInMainWorld('countersign', Object.freeze(api));
}
