/**
 * Runs async tasks one at a time, in the order they were asked for. Switching the backend
 * (close one, open the next) must never interleave with another switch: two at once would leave
 * two simulators listening.
 */
export interface Mutex {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task asked for so far has finished. */
  idle(): Promise<void>;
}

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
    idle: () => tail.then(() => undefined),
  };
}
