/**
 * Stripe's cursor pagination over a list ordered newest first:
 * - starting_after=X: the `limit` items just older than X;
 * - ending_before=X: the `limit` items just newer than X, still newest first; has_more then says
 *   whether there are even newer ones.
 * - created filters (gt/gte/lt/lte or an exact second) apply before the cursor.
 */
import { invalidParameter, resourceMissing } from './stripe-errors.ts';
import type { Parsed } from './params.ts';

export interface Listable {
  id: string;
  seq: number;
  created: number;
}

export interface PageRequest {
  limit?: Parsed;
  starting_after?: Parsed;
  ending_before?: Parsed;
  created?: Parsed;
}

export function matchesCreated(created: number, filter: Parsed | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  if (typeof filter !== 'object' || Array.isArray(filter)) return true;
  const { gt, gte, lt, lte } = filter as Record<string, number | undefined>;
  if (gt !== undefined && !(created > gt)) return false;
  if (gte !== undefined && !(created >= gte)) return false;
  if (lt !== undefined && !(created < lt)) return false;
  if (lte !== undefined && !(created <= lte)) return false;
  return true;
}

export function paginate<T extends Listable>(
  all: readonly T[],
  request: PageRequest,
  /** Finds the cursor object among every object of the kind, filtered or not. */
  findCursor: (id: string) => T | undefined,
  kind: string,
): { data: T[]; has_more: boolean } {
  const limit = request.limit === undefined ? 10 : (request.limit as number);
  if (limit < 1 || limit > 100) {
    throw invalidParameter('limit', `Invalid limit: must be an integer between 1 and 100 (got ${limit})`);
  }
  if (request.starting_after !== undefined && request.ending_before !== undefined) {
    throw invalidParameter(
      'ending_before',
      'You may only specify one of these parameters: ending_before, starting_after.',
      'parameters_exclusive',
    );
  }
  const newestFirst = all
    .filter((item) => matchesCreated(item.created, request.created))
    .sort((a, b) => b.seq - a.seq);
  if (typeof request.starting_after === 'string') {
    const cursor = findCursor(request.starting_after);
    if (!cursor) throw resourceMissing(kind, request.starting_after, 'starting_after');
    const older = newestFirst.filter((item) => item.seq < cursor.seq);
    return { data: older.slice(0, limit), has_more: older.length > limit };
  }
  if (typeof request.ending_before === 'string') {
    const cursor = findCursor(request.ending_before);
    if (!cursor) throw resourceMissing(kind, request.ending_before, 'ending_before');
    const newer = newestFirst.filter((item) => item.seq > cursor.seq);
    // The page is the `limit` items closest to the cursor, i.e. the oldest of the newer ones.
    const start = Math.max(0, newer.length - limit);
    return { data: newer.slice(start), has_more: start > 0 };
  }
  return { data: newestFirst.slice(0, limit), has_more: newestFirst.length > limit };
}
