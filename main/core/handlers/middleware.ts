/**
 * What happens around every handler, named and applied in one place (index.ts) instead of
 * patched into the table: a middleware sees the method's name, the caller and a `next` that runs
 * the handler, and may act before or after it.
 */
import type { Caller, ContractHandlers, MethodName } from '../../../contract/ipc.ts';

export type Middleware = (name: MethodName, caller: Caller, next: () => Promise<unknown>) => Promise<unknown>;

/** Wraps every handler of the table in the middleware, the first outermost. */
export function applyMiddleware(
  table: ContractHandlers,
  middleware: readonly Middleware[],
): ContractHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(table) as Array<
    [MethodName, (a: unknown, c: Caller) => Promise<unknown>]
  >) {
    wrapped[name] = (args: unknown, caller: Caller) => {
      const run = (i: number): Promise<unknown> => {
        const layer = middleware[i];
        return layer ? layer(name, caller, () => run(i + 1)) : handler(args, caller);
      };
      return run(0);
    };
  }
  return wrapped as ContractHandlers;
}

/** Every call from a window says someone is using the app: the connectivity heartbeat's cue. */
export function noteWindowActivity(connectivity: { noteActivity(): void }): Middleware {
  return (_name, _caller, next) => {
    connectivity.noteActivity();
    return next();
  };
}

/**
 * A kiosk customer's own calls (their screen's buttons, the PIN pad) are their input: the
 * walk-away waits again. Main also feeds touches on the window; in the harness these calls are
 * the only input there is.
 */
export function noteCustomerActivity(walkAway: { noteActivity(): void } | null): Middleware {
  return (name, caller, next) => {
    if (
      walkAway &&
      caller.window === 'customer' &&
      (name.startsWith('customer.') || name.startsWith('kiosk.'))
    ) {
      walkAway.noteActivity();
    }
    return next();
  };
}
