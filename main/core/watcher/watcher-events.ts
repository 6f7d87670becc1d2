/**
 * The watcher's reading side: the Events API from a cursor (the last event seen), and the
 * persisted cursor and tracked set. watcher.ts decides when to read and what the events mean.
 */
import { z } from 'zod';
import type { Gateway, StripeEvent } from '../stripe/index.ts';
import { SESSION_EVENT_TYPES } from '../../../contract/session-events.ts';
import type { SessionStatus } from '../../../contract/session-status.ts';
import type { KeyValueStore } from '../storage/index.ts';

/** Stripe keeps events for 30 days; older changes can only be read from the session itself. */
export const EVENTS_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const STATE_KEY = 'watcher';

export interface TrackedSession {
  id: string;
  status: SessionStatus;
  /**
   * The last error code seen. A failed try may leave the status at requires_input and, on
   * Stripe, send no event (docs/simulator.md): a retrieve must compare the error too.
   * Absent in state written before it was kept.
   */
  lastErrorCode?: string | null;
  inFlow: boolean;
  /** When the customer came back from the hosted flow (ms), if they did and no event followed. */
  returnedAt: number | null;
  /** Last time anything was learned about this session (ms). */
  lastNewsAt: number;
  lastRetrieveAt: number;
  createdAt: number;
}

export interface Cursor {
  eventId: string;
  created: number;
}

export interface PersistedState {
  version: 1;
  cursor: Cursor | null;
  tracked: TrackedSession[];
}

/**
 * Every session event after the cursor, oldest first. Without a cursor (first run), from the
 * oldest tracked session on, with a margin for clock skew between this machine and Stripe.
 */
export async function readEventsAfter(
  gateway: Gateway,
  cursor: Cursor | null,
  oldestTrackedCreatedAt: number,
  countRequest: () => void,
): Promise<StripeEvent[]> {
  let endingBefore = cursor?.eventId;
  const createdGte = cursor ? undefined : Math.floor((oldestTrackedCreatedAt - 60_000) / 1000);
  let collected: StripeEvent[] = [];
  for (;;) {
    countRequest();
    const page = await gateway.listEvents({
      types: SESSION_EVENT_TYPES,
      ...(endingBefore ? { endingBefore } : { createdGte }),
      limit: 100,
    });
    // Pages are newest first. With a cursor, has_more means even newer events wait beyond
    // this page; without one, it means older ones do, so that first read pages backwards.
    const ascending = [...page.data].reverse();
    if (endingBefore || !page.hasMore) {
      collected = endingBefore ? [...collected, ...ascending] : [...ascending, ...collected];
      if (!page.hasMore || ascending.length === 0) break;
      endingBefore = ascending[ascending.length - 1]!.id;
    } else {
      collected = [...ascending, ...collected];
      const oldest = page.data[page.data.length - 1];
      if (!oldest) break;
      const older = await olderEvents(gateway, oldest.id, createdGte!, countRequest);
      collected = [...older, ...collected];
      break;
    }
  }
  return collected;
}

async function olderEvents(
  gateway: Gateway,
  startingAfter: string,
  createdGte: number,
  countRequest: () => void,
): Promise<StripeEvent[]> {
  // Rare: only on a first run with over 100 events in the window.
  const pages: StripeEvent[][] = [];
  let after = startingAfter;
  for (;;) {
    countRequest();
    const page = await gateway.listEvents({
      types: SESSION_EVENT_TYPES,
      startingAfter: after,
      createdGte,
      limit: 100,
    });
    pages.unshift([...page.data].reverse());
    if (!page.hasMore || page.data.length === 0) break;
    after = page.data[page.data.length - 1]!.id;
  }
  return pages.flat();
}

const persistedSchema = z.object({
  version: z.literal(1),
  cursor: z.object({ eventId: z.string().min(1), created: z.number() }).nullable(),
  tracked: z.array(
    z.object({
      id: z.string().min(1),
      status: z.enum(['queued', 'requires_input', 'processing', 'verified', 'canceled', 'failed']),
      inFlow: z.boolean(),
      returnedAt: z.number().nullable(),
      lastNewsAt: z.number(),
      lastRetrieveAt: z.number(),
      createdAt: z.number(),
    }),
  ),
});

/**
 * Reads the persisted state. An unreadable one starts fresh without a cursor: the first tick
 * then reads by time, so nothing is missed (at worst an update is delivered again).
 */
export function loadState(store: KeyValueStore): PersistedState {
  const parsed = persistedSchema.safeParse(store.get(STATE_KEY));
  return parsed.success ? parsed.data : { version: 1, cursor: null, tracked: [] };
}

export function saveState(store: KeyValueStore, state: PersistedState): void {
  store.set(STATE_KEY, state);
}
