// `window.countersign` for the renderer: the preload puts exactly this there.
import type { CountersignApi } from './ipc.ts';

declare global {
  interface Window {
    readonly countersign: CountersignApi;
  }
}

export {};
