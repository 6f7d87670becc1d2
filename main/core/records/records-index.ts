/**
 * The history's in-memory index: every record by id, by session id (built on first use), and in
 * creation order for pages, searches and exports. It never touches the disk; records.ts reads
 * and writes the shards and tells it what changed.
 */
import type { SessionRecord } from './record-schema.ts';
import type { SessionStatus } from '../../../contract/session-status.ts';

export interface RecordQuery {
  /** Case-insensitive substring of the reference, the client_reference_id or the session id. */
  text?: string;
  status?: SessionStatus | readonly SessionStatus[];
  /** Created at or after (epoch ms). */
  from?: number;
  /** Created before (epoch ms). */
  to?: number;
}

export interface RecordPage {
  items: SessionRecord[];
  /** How many records match the query in all. */
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 100;

export interface Located {
  record: SessionRecord;
  /** The shard file holding it. */
  shard: number;
  /** Lower-cased text the search looks in, computed by the first text search that needs it. */
  haystack: string | undefined;
}

export class RecordIndex {
  readonly #byId = new Map<string, Located>();
  /** Session id → client_reference_id; built by the first lookup by session id. */
  #bySession: Map<string, string> | undefined;
  /** Ascending by (created, id); pages read it from the end. */
  #ordered: Located[] = [];
  /** Whether records read so far arrived out of (created, id) order and need a sort. */
  #unordered = false;

  get size(): number {
    return this.#byId.size;
  }

  has(clientReferenceId: string): boolean {
    return this.#byId.has(clientReferenceId);
  }

  located(clientReferenceId: string): Located | undefined {
    return this.#byId.get(clientReferenceId);
  }

  get(clientReferenceId: string): SessionRecord | undefined {
    return this.#byId.get(clientReferenceId)?.record;
  }

  getBySessionId(sessionId: string): SessionRecord | undefined {
    const id = this.#sessionIndex().get(sessionId);
    return id === undefined ? undefined : this.get(id);
  }

  /** A record read from a shard while loading: appended, sorted later if out of order. */
  load(record: SessionRecord, shard: number): void {
    const previous = this.#ordered[this.#ordered.length - 1];
    const located = this.#index(record, shard);
    if (previous && compareLocated(previous, located) > 0) this.#unordered = true;
  }

  /** Every shard is read: sort once if needed. */
  loadDone(): void {
    // Shards are appended in time order, so a sort is needed only after a clock change or a
    // hand-edited file.
    if (this.#unordered) this.#ordered.sort(compareLocated);
    this.#unordered = false;
  }

  /** A record just appended to a shard. */
  added(record: SessionRecord, shard: number): void {
    this.#insertOrdered(this.#index(record, shard));
  }

  /** A record just rewritten in its shard. */
  updated(located: Located, next: SessionRecord): void {
    const bySession = this.#bySession;
    if (bySession) {
      if (located.record.sessionId && located.record.sessionId !== next.sessionId) {
        bySession.delete(located.record.sessionId);
      }
      if (next.sessionId) bySession.set(next.sessionId, next.clientReferenceId);
    }
    located.record = next;
    located.haystack = undefined;
  }

  /** Shards holding at least one record that `expired` says goes. */
  shardsWhere(expired: (record: SessionRecord) => boolean): Set<number> {
    const shards = new Set<number>();
    for (const located of this.#byId.values()) if (expired(located.record)) shards.add(located.shard);
    return shards;
  }

  /** Records just removed from their shards. */
  removed(records: readonly SessionRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) {
      this.#byId.delete(r.clientReferenceId);
      if (r.sessionId) this.#bySession?.delete(r.sessionId);
    }
    this.#ordered = this.#ordered.filter((l) => this.#byId.get(l.record.clientReferenceId) === l);
  }

  query(query: RecordQuery, page: number, pageSize: number): RecordPage {
    const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
    const start = Math.max(0, Math.floor(page)) * size;
    const filter = matcher(query);
    const [lo, hi] = this.#range(query);
    const items: SessionRecord[] = [];
    if (!filter) {
      // No text or status filter: the total is the range's length and the page a slice of it.
      for (let i = hi - 1 - start; i >= lo && items.length < size; i--) items.push(this.#ordered[i]!.record);
      return { items, total: hi - lo, page: Math.floor(start / size), pageSize: size };
    }
    let total = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const located = this.#ordered[i]!;
      if (!filter(located)) continue;
      if (total >= start && items.length < size) items.push(located.record);
      total++;
    }
    return { items, total, page: Math.floor(start / size), pageSize: size };
  }

  *matching(query: RecordQuery): Generator<SessionRecord> {
    const filter = matcher(query);
    const [lo, hi] = this.#range(query);
    const snapshot = this.#ordered.slice(lo, hi);
    for (let i = snapshot.length - 1; i >= 0; i--) {
      const located = snapshot[i]!;
      if (!filter || filter(located)) yield located.record;
    }
  }

  /** Indices [lo, hi) of #ordered whose creation time is inside the query's range. */
  #range(query: RecordQuery): [number, number] {
    const lo = query.from === undefined ? 0 : lowerBound(this.#ordered, query.from);
    const hi = query.to === undefined ? this.#ordered.length : lowerBound(this.#ordered, query.to);
    return [lo, Math.max(lo, hi)];
  }

  #index(record: SessionRecord, shard: number): Located {
    const located: Located = { record, shard, haystack: undefined };
    const existing = this.#byId.get(record.clientReferenceId);
    if (existing) {
      // The same id in two shards can only come from a hand-edited file: the later copy wins.
      this.#ordered = this.#ordered.filter((l) => l !== existing);
    }
    this.#byId.set(record.clientReferenceId, located);
    if (record.sessionId) this.#bySession?.set(record.sessionId, record.clientReferenceId);
    this.#ordered.push(located);
    return located;
  }

  /**
   * Built on first use, not on open: it costs ~20 ms at 100,000 records and a start needs none.
   * A session id in two records (only a hand-edited file) resolves to the newer one.
   */
  #sessionIndex(): Map<string, string> {
    if (!this.#bySession) {
      const bySession = new Map<string, string>();
      for (const { record } of this.#ordered) {
        if (record.sessionId) bySession.set(record.sessionId, record.clientReferenceId);
      }
      this.#bySession = bySession;
    }
    return this.#bySession;
  }

  #insertOrdered(located: Located): void {
    // #index appended it at the end; move it back only if it is older than the newest record.
    const list = this.#ordered;
    let i = list.length - 1;
    while (i > 0 && compareLocated(list[i - 1]!, located) > 0) {
      list[i] = list[i - 1]!;
      i--;
    }
    list[i] = located;
  }
}

/** The text a search looks in: the reference staff typed. */
function haystackOf(r: SessionRecord): string {
  return r.reference.toLowerCase();
}

/**
 * An id is searched only when the text looks like one (`cs_…`, `vs_…` with a few characters
 * after the prefix): otherwise `_` or `cs` would match every record through its ids.
 */
const ID_LIKE = /^(cs|vs)_[a-z0-9]{2,}$/;

function compareLocated(a: Located, b: Located): number {
  return (
    a.record.created - b.record.created || (a.record.clientReferenceId < b.record.clientReferenceId ? -1 : 1)
  );
}

function lowerBound(list: readonly Located[], created: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.record.created < created) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matcher(query: RecordQuery): ((l: Located) => boolean) | undefined {
  const text = query.text?.trim().toLowerCase();
  const statuses =
    query.status === undefined
      ? undefined
      : new Set(typeof query.status === 'string' ? [query.status] : query.status);
  if (!text && !statuses) return undefined;
  const byId = text !== undefined && ID_LIKE.test(text);
  const textMatches = (l: Located) =>
    byId
      ? l.record.clientReferenceId.toLowerCase().includes(text) ||
        (l.record.sessionId ?? '').toLowerCase().includes(text)
      : (l.haystack ??= haystackOf(l.record)).includes(text!);
  return (l) => (!statuses || statuses.has(l.record.status)) && (!text || textMatches(l));
}
