/**
 * A typed event emitter: one listener list per event name, checked by the compiler. A listener
 * that throws never stops the others; `emit` says whether every listener took the payload, so a
 * caller that must not lose an update (the watcher) can deliver it again.
 */
export type Listener<P> = (payload: P) => void;

export interface Emitter<M extends object> {
  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void;
  /** True when every listener returned without throwing. */
  emit<K extends keyof M>(name: K, payload: M[K]): boolean;
  /** Drops every listener (on close). */
  clear(): void;
}

export function createEmitter<M extends object>(
  onListenerError: (name: string, error: unknown) => void = () => {},
): Emitter<M> {
  const lists = new Map<keyof M, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let list = lists.get(name);
      if (!list) lists.set(name, (list = new Set()));
      list.add(listener as Listener<never>);
      return () => void list.delete(listener as Listener<never>);
    },
    emit(name, payload) {
      let ok = true;
      for (const listener of [...(lists.get(name) ?? [])]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          ok = false;
          onListenerError(String(name), error);
        }
      }
      return ok;
    },
    clear() {
      lists.clear();
    },
  };
}
