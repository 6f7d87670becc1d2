/**
 * `npm run dev` only: when the renderer is rebuilt, its windows reload in place, so a change to a
 * screen shows in about a second while the app — and its simulator's sessions — keep running.
 * The pages still come from app://countersign/ (no dev server: the shell's origin rules are the
 * same as in the field). Never on in a packaged app.
 */
export const DEV_RELOAD_ENV = 'COUNTERSIGN_DEV_RELOAD';

export function devReloadEnabled(
  packaged: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return !packaged && env[DEV_RELOAD_ENV] === '1';
}

/**
 * Whether a change to this file of the built renderer means a reload: the page and its assets,
 * not editor or build scratch files. Called with paths relative to out/renderer.
 */
export function isRendererOutput(relativePath: string): boolean {
  return (
    /^[\w-]+\.html$/.test(relativePath) ||
    /^assets\/[^/]+\.(js|css)$/.test(relativePath.replaceAll('\\', '/'))
  );
}

/**
 * Coalesces a burst of file events (a build writes several files) into one call, `delayMs` after
 * the last event. Returns the function to call on each event, and one that cancels.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function debounced(run: () => void, delayMs: number, timers: Timers = systemTimers) {
  let handle: unknown;
  return {
    trigger: () => {
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = timers.setTimeout(() => {
        handle = undefined;
        run();
      }, delayMs);
    },
    cancel: () => {
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
    },
  };
}
