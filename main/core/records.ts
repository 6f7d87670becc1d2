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
  /** Lower-cased text the search looks in, computed once. */
  haystack: string;
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

export function openRecords(options: RecordsOptions): Records {
  return new ShardedRecords(options);
}

class ShardedRecords implements Records {
  readonly #clock: Clock;
  readonly #shardSize: number;
  readonly #options: RecordsOptions;
  readonly #catalog: DurableDoc<Catalog>;
  readonly #shards: DurableDoc<ShardBody>[] = [];
  readonly #byId = new Map<string, Located>();
  readonly #bySession = new Map<string, string>();
  /** Ascending by (created, id); pages read it from the end. */
  #ordered: Located[] = [];
  readonly #problems: StoreProblem[] = [];
  readonly #listeners = new Set<(problem: StoreProblem) => void>();

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
    // The catalog is written before a new shard's first record, so it may count one shard too
    // many (never too few); a lost catalog is rebuilt by probing for shards that exist.
    let count = this.#catalog.value.shardCount;
    for (let i = 0; i < count || this.#probe(i); i++) {
      const shard = this.#openShard(i);
      this.#shards.push(shard);
      for (const record of shard.value.records) this.#index(record, i);
      if (i >= count) count = i + 1;
    }
    if (count !== this.#catalog.value.shardCount) this.#writeCatalog(count);
    this.#ordered.sort(compareLocated);
  }

  get size(): number {
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
    return this.#byId.get(clientReferenceId)?.record;
  }

  getBySessionId(sessionId: string): SessionRecord | undefined {
    const id = this.#bySession.get(sessionId);
    return id === undefined ? undefined : this.get(id);
  }

  add(input: NewRecord): SessionRecord {
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
    const located = this.#byId.get(clientReferenceId);
    if (!located) throw new CountersignError('session_not_found', 'No such record in the history.');
    const next = validRecord({ ...located.record, ...patch, updated: this.#clock.now() });
    const shard = this.#shards[located.shard]!;
    shard.write({
      schemaVersion: RECORDS_SCHEMA_VERSION,
      records: shard.value.records.map((r) => (r.clientReferenceId === clientReferenceId ? next : r)),
    });
    if (located.record.sessionId && located.record.sessionId !== next.sessionId) {
      this.#bySession.delete(located.record.sessionId);
    }
    if (next.sessionId) this.#bySession.set(next.sessionId, clientReferenceId);
    located.record = next;
    located.haystack = haystackOf(next);
    return next;
  }

  upsert(record: NewRecord, patch: RecordPatch = {}): SessionRecord {
    if (!this.#byId.has(record.clientReferenceId)) return this.add({ ...record, ...patch });
    return this.update(record.clientReferenceId, patch);
  }

  query(query: RecordQuery, page = 0, pageSize = 50): RecordPage {
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

  prune(keepMs: number): number {
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
        if (r.sessionId) this.#bySession.delete(r.sessionId);
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
    const located: Located = { record, shard, haystack: haystackOf(record) };
    const existing = this.#byId.get(record.clientReferenceId);
    if (existing) {
      // The same id in two shards can only come from a hand-edited file: the later copy wins.
      this.#ordered = this.#ordered.filter((l) => l !== existing);
    }
    this.#byId.set(record.clientReferenceId, located);
    if (record.sessionId) this.#bySession.set(record.sessionId, record.clientReferenceId);
    this.#ordered.push(located);
    return located;
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
  return (l) => (!text || l.haystack.includes(text)) && (!statuses || statuses.has(l.record.status));
}
