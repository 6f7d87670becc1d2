/**
 * The local history of verifications, kept without personal data.
 *
 * conf/electron-store rewrite their whole file on every write, so one big file would make each
 * append cost more as the history grows (~35 ms at 10,000 records). The history is therefore
 * split into shards of a few hundred records, each its own small store (`history-00000`,
 * `history-00001`, …), appended in order; a small catalog store counts the shards. Everything
 * is loaded once into memory on open (a few hundred KB per thousand records), where an index
 * by id and a list ordered by creation time serve lookups and pages without touching the disk.
 * An append or update rewrites one shard only.
 *
 * Two ways to open:
 *
 * - `openRecords(options)` reads every shard before it returns. At 100,000 records two thirds of
 *   that time is conf reading and parsing each file (twice: in its constructor and in `get`);
 *   `npm run bench -- startup` measures it.
 * - `openRecordsInBackground(options)` returns at once, after the small catalog only, and reads
 *   the shards oldest first, one per turn of the event loop, so whatever needs no history (the
 *   app's status) answers meanwhile. `ready()` resolves once every shard is in memory and
 *   `loaded` says whether it is. Every other method may be called at any time: one that needs
 *   the history (`get`, `query`, `add`, `size`, …) first reads the shards still missing, at once,
 *   so it never answers from part of the history. A caller that should not block that way (the
 *   start-up pruning and reconciliation) awaits `ready()` first. Problems met in shards read in
 *   the background reach `onProblem` listeners and `problems` as they are found.
 */
import { systemClock, type Clock } from './clock.ts';
import { DurableDoc, type StoreFactory, type StoreProblem } from './durable-doc.ts';
import { CountersignError } from '../../contract/errors.ts';
import {
  RECORDS_SCHEMA_VERSION,
  migrateShardBody,
  sessionRecordSchema,
  type SessionRecord,
  type ShardBody,
} from './record-schema.ts';
import { isExpired } from './retention.ts';
import type { SessionStatus } from '../../contract/session-status.ts';
import { z } from 'zod';

export const DEFAULT_SHARD_SIZE = 250;
const CATALOG = 'history-catalog';

export function shardName(index: number): string {
  return `history-${String(index).padStart(5, '0')}`;
}

const catalogSchema = z.object({ schemaVersion: z.literal(1), shardCount: z.number().int().min(0) }).strict();
type Catalog = z.infer<typeof catalogSchema>;

export interface RecordsOptions {
  storeFactory: StoreFactory;
  clock?: Clock;
  /** Records per shard file. Smaller is a cheaper append; larger is fewer files. */
  shardSize?: number;
  /** How long changes to a shard are coalesced before its backup copy is written. */
  backupDelayMs?: number;
}

/** What a caller gives for a new record; the rest has defaults. */
export type NewRecord = Pick<SessionRecord, 'clientReferenceId' | 'reference' | 'type' | 'status'> &
  Partial<Omit<SessionRecord, 'clientReferenceId' | 'reference' | 'type' | 'status'>>;

/** What may change after creation. The id, reference, type, station and creation time do not. */
export type RecordPatch = Partial<
  Pick<
    SessionRecord,
    'sessionId' | 'status' | 'lastErrorCode' | 'attempts' | 'staff' | 'redacted' | 'redactedAt'
  >
>;

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

interface Located {
  record: SessionRecord;
  shard: number;
  /** Lower-cased text the search looks in, computed by the first text search that needs it. */
  haystack: string | undefined;
}

export interface Records {
  readonly size: number;
  /** Problems met while opening (a damaged file restored, or lost); the UI shows them. */
  readonly problems: readonly StoreProblem[];
  onProblem(listener: (problem: StoreProblem) => void): () => void;
  get(clientReferenceId: string): SessionRecord | undefined;
  getBySessionId(sessionId: string): SessionRecord | undefined;
  /** Adds a record; throws `invalid_input` if the id exists, `store_write_failed` if the disk refuses. */
  add(record: NewRecord): SessionRecord;
  /** Changes a record; `updated` becomes now. Throws `session_not_found` for an unknown id. */
  update(clientReferenceId: string, patch: RecordPatch): SessionRecord;
  /** Adds the record, or applies `patch` to the existing one (for replays that must be idempotent). */
  upsert(record: NewRecord, patch?: RecordPatch): SessionRecord;
  /** Newest first. */
  query(query: RecordQuery, page?: number, pageSize?: number): RecordPage;
  /** Every match, newest first (for exports). */
  matching(query: RecordQuery): Generator<SessionRecord>;
  /** Removes records whose last change is older than `keepMs`; returns how many. */
  prune(keepMs: number): number;
  /** Writes pending backup copies. */
  flush(): void;
}

/** A history that may still be reading its shards (see the top of this file). */
export interface LoadingRecords extends Records {
  /** Whether every shard is in memory. */
  readonly loaded: boolean;
  /**
   * Resolves once every shard is in memory; rejects only when a shard cannot be opened at all
   * (the same error `openRecords` throws). Damaged shards are problems, not failures.
   */
  ready(): Promise<void>;
}

export interface BackgroundRecordsOptions extends RecordsOptions {
  /** How the loader lets other work run between shards. Default: `setImmediate`. */
  yieldToEventLoop?: () => Promise<void>;
}

/** Opens the history with every shard read before it returns. */
export function openRecords(options: RecordsOptions): Records {
  const records = new ShardedRecords(options);
  records.loadAll();
  return records;
}

/** Opens the history and reads its shards in the background (see the top of this file). */
export function openRecordsInBackground(options: BackgroundRecordsOptions): LoadingRecords {
  const records = new ShardedRecords(options);
  records.loadInBackground(options.yieldToEventLoop ?? nextTurn);
  return records;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class ShardedRecords implements LoadingRecords {
  readonly #clock: Clock;
  readonly #shardSize: number;
  readonly #options: RecordsOptions;
  readonly #catalog: DurableDoc<Catalog>;
  readonly #shards: DurableDoc<ShardBody>[] = [];
  readonly #byId = new Map<string, Located>();
  /** Session id → client_reference_id; built by the first lookup by session id. */
  #bySession: Map<string, string> | undefined;
  /** Ascending by (created, id); pages read it from the end. */
  #ordered: Located[] = [];
  readonly #problems: StoreProblem[] = [];
  readonly #listeners = new Set<(problem: StoreProblem) => void>();
  /** Shards the catalog counts; more may be found by probing when it was lost. */
  readonly #declaredShards: number;
  #loaded = false;
  /** Whether records read so far arrived out of (created, id) order and need a sort. */
  #unordered = false;
  #loading: Promise<void> = Promise.resolve();
  #loadError: unknown;

  constructor(options: RecordsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
    this.#catalog = new DurableDoc<Catalog>({
      factory: options.storeFactory,
      name: CATALOG,
      parse: (raw) => ({ value: catalogSchema.parse(raw), migrated: false }),
      empty: () => ({ schemaVersion: 1, shardCount: 0 }),
      backup: 'sync',
      clock: this.#clock,
      onProblem: (p) => this.#report(p),
    });
    this.#declaredShards = this.#catalog.value.shardCount;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  ready(): Promise<void> {
    return this.#loading;
  }

  /** Reads every shard not read yet, now. */
  loadAll(): void {
    while (this.#loadStep());
  }

  loadInBackground(yieldToEventLoop: () => Promise<void>): void {
    this.#loading = (async () => {
      // Each step reads one shard (~1 ms for 250 records), then lets other work run.
      do await yieldToEventLoop();
      while (this.#loadStep());
    })();
    // Whoever awaits ready() sees a failure, and the methods rethrow it: it is not unhandled.
    this.#loading.catch(() => {});
  }

  #loadStep(): boolean {
    if (this.#loadError !== undefined) throw this.#loadError;
    try {
      return this.#loadNextShard();
    } catch (error) {
      this.#loadError = error;
      throw error;
    }
  }

  /** Reads the next shard; false (and the load is complete) when there is none. */
  #loadNextShard(): boolean {
    if (this.#loaded) return false;
    // The catalog is written before a new shard's first record, so it may count one shard too
    // many (never too few); a lost catalog is rebuilt by probing for shards that exist.
    const i = this.#shards.length;
    if (i < this.#declaredShards || this.#probe(i)) {
      const shard = this.#openShard(i);
      this.#shards.push(shard);
      const ordered = this.#ordered;
      for (const record of shard.value.records) {
        const previous = ordered[ordered.length - 1];
        const located = this.#index(record, i);
        if (previous && compareLocated(previous, located) > 0) this.#unordered = true;
      }
      return true;
    }
    if (i !== this.#catalog.value.shardCount) this.#writeCatalog(i);
    // Shards are appended in time order, so a sort is needed only after a clock change or a
    // hand-edited file.
    if (this.#unordered) this.#ordered.sort(compareLocated);
    this.#loaded = true;
    return false;
  }

  get size(): number {
    this.loadAll();
    return this.#byId.size;
  }

  get problems(): readonly StoreProblem[] {
    return this.#problems;
  }

  onProblem(listener: (problem: StoreProblem) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(clientReferenceId: string): SessionRecord | undefined {
    this.loadAll();
    return this.#byId.get(clientReferenceId)?.record;
  }

  getBySessionId(sessionId: string): SessionRecord | undefined {
    this.loadAll();
    const id = this.#sessionIndex().get(sessionId);
    return id === undefined ? undefined : this.get(id);
  }

  add(input: NewRecord): SessionRecord {
    this.loadAll();
    if (this.#byId.has(input.clientReferenceId)) {
      throw new CountersignError('invalid_input', 'A record with this client_reference_id exists already.');
    }
    const now = this.#clock.now();
    const record = validRecord({
      sessionId: null,
      lastErrorCode: null,
      attempts: 0,
      station: null,
      staff: null,
      created: now,
      updated: now,
      redacted: false,
      redactedAt: null,
      ...input,
    });
    let index = this.#shards.length - 1;
    const last = this.#shards[index];
    if (!last || last.value.records.length >= this.#shardSize) {
      index = this.#shards.length;
      this.#writeCatalog(index + 1);
      this.#shards.push(this.#openShard(index));
    }
    const shard = this.#shards[index]!;
    shard.write({ schemaVersion: RECORDS_SCHEMA_VERSION, records: [...shard.value.records, record] });
    const located = this.#index(record, index);
    this.#insertOrdered(located);
    return record;
  }

  update(clientReferenceId: string, patch: RecordPatch): SessionRecord {
    this.loadAll();
    const located = this.#byId.get(clientReferenceId);
    if (!located) throw new CountersignError('session_not_found', 'No such record in the history.');
    const next = validRecord({ ...located.record, ...patch, updated: this.#clock.now() });
    const shard = this.#shards[located.shard]!;
    shard.write({
      schemaVersion: RECORDS_SCHEMA_VERSION,
      records: shard.value.records.map((r) => (r.clientReferenceId === clientReferenceId ? next : r)),
    });
    const bySession = this.#bySession;
    if (bySession) {
      if (located.record.sessionId && located.record.sessionId !== next.sessionId) {
        bySession.delete(located.record.sessionId);
      }
      if (next.sessionId) bySession.set(next.sessionId, clientReferenceId);
    }
    located.record = next;
    located.haystack = undefined;
    return next;
  }

  upsert(record: NewRecord, patch: RecordPatch = {}): SessionRecord {
    this.loadAll();
    if (!this.#byId.has(record.clientReferenceId)) return this.add({ ...record, ...patch });
    return this.update(record.clientReferenceId, patch);
  }

  query(query: RecordQuery, page = 0, pageSize = 50): RecordPage {
    this.loadAll();
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
    this.loadAll();
    const filter = matcher(query);
    const [lo, hi] = this.#range(query);
    const snapshot = this.#ordered.slice(lo, hi);
    for (let i = snapshot.length - 1; i >= 0; i--) {
      const located = snapshot[i]!;
      if (!filter || filter(located)) yield located.record;
    }
  }

  prune(keepMs: number): number {
    this.loadAll();
    const now = this.#clock.now();
    const expiredShards = new Set<number>();
    for (const located of this.#byId.values()) {
      if (isExpired(located.record, now, keepMs)) expiredShards.add(located.shard);
    }
    let removed = 0;
    for (const index of expiredShards) {
      const shard = this.#shards[index]!;
      const keep = shard.value.records.filter((r) => !isExpired(r, now, keepMs));
      const gone = shard.value.records.filter((r) => isExpired(r, now, keepMs));
      shard.write({ schemaVersion: RECORDS_SCHEMA_VERSION, records: keep });
      for (const r of gone) {
        this.#byId.delete(r.clientReferenceId);
        if (r.sessionId) this.#bySession?.delete(r.sessionId);
      }
      removed += gone.length;
    }
    if (removed > 0)
      this.#ordered = this.#ordered.filter((l) => this.#byId.get(l.record.clientReferenceId) === l);
    return removed;
  }

  flush(): void {
    this.#catalog.flush();
    for (const shard of this.#shards) shard.flush();
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

  #openShard(index: number): DurableDoc<ShardBody> {
    return new DurableDoc<ShardBody>({
      factory: this.#options.storeFactory,
      name: shardName(index),
      parse: migrateShardBody,
      empty: () => ({ schemaVersion: RECORDS_SCHEMA_VERSION, records: [] }),
      backup: 'deferred',
      trustPrimary: true,
      backupDelayMs: this.#options.backupDelayMs,
      clock: this.#clock,
      onProblem: (p) => this.#report(p),
    });
  }

  /** Whether a shard beyond the catalog's count exists (only after a lost catalog). */
  #probe(index: number): boolean {
    try {
      return this.#options.storeFactory(shardName(index)).has('doc');
    } catch {
      return true; // A damaged file is a shard too: opening it reports and recovers it.
    }
  }

  #writeCatalog(shardCount: number): void {
    this.#catalog.write({ schemaVersion: 1, shardCount });
  }

  #report(problem: StoreProblem): void {
    this.#problems.push(problem);
    for (const listener of this.#listeners) listener(problem);
  }
}

function validRecord(candidate: unknown): SessionRecord {
  const parsed = sessionRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new CountersignError('invalid_input', 'This history record is not valid.', {
      detail: { issue: parsed.error.issues[0]?.path.join('.') },
    });
  }
  return parsed.data;
}

function haystackOf(r: SessionRecord): string {
  return `${r.reference}\u0000${r.clientReferenceId}\u0000${r.sessionId ?? ''}`.toLowerCase();
}

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
  return (l) =>
    (!statuses || statuses.has(l.record.status)) &&
    (!text || (l.haystack ??= haystackOf(l.record)).includes(text));
}
