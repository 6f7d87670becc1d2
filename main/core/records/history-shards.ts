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
import { createEmitter } from '../../../base/emitter.ts';
import { systemClock, type Clock } from '../../../base/clock.ts';
import {
  DurableDoc,
  backupNameFor,
  lostHistoryFileProblem,
  rebuiltCatalogueProblem,
  type StoreFactory,
  type StoreProblem,
} from '../storage/index.ts';
import { CountersignError } from '../../../contract/errors.ts';
import {
  RECORDS_SCHEMA_VERSION,
  migrateShardBody,
  sessionRecordSchema,
  type SessionRecord,
  type ShardBody,
} from './record-schema.ts';
import { isExpired } from './retention.ts';
import { RecordIndex, type RecordPage, type RecordQuery } from './records-index.ts';
import { z } from 'zod';

export { MAX_PAGE_SIZE, type RecordPage, type RecordQuery } from './records-index.ts';

export const DEFAULT_SHARD_SIZE = 250;
const CATALOG = 'history-catalog';
/** How many missing shards in a row a rebuild of a lost catalog looks past. */
const PROBE_AHEAD = 8;

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
  readonly #index = new RecordIndex();
  readonly #problems: StoreProblem[] = [];
  readonly #events = createEmitter<{ problem: StoreProblem }>();
  /** Shards the catalog counts; more may be found by probing when it was lost. */
  readonly #declaredShards: number;
  /** Whether either copy of the catalog was on disk when the history opened. */
  readonly #catalogExisted: boolean;
  #loaded = false;
  #loading: Promise<void> = Promise.resolve();
  #loadError: unknown;

  constructor(options: RecordsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
    this.#catalogExisted = this.#has(CATALOG) || this.#has(backupNameFor(CATALOG));
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
    if (i < this.#declaredShards || this.#probeFrom(i)) {
      if (i >= this.#declaredShards && !this.#probe(i)) {
        // Found past a gap: this shard lost both copies; the ones after it are still read.
        this.#report(lostHistoryFileProblem(shardName(i), this.#clock.now()));
      }
      const shard = this.#openShard(i);
      this.#shards.push(shard);
      for (const record of shard.value.records) this.#index.load(record, i);
      return true;
    }
    if (i !== this.#catalog.value.shardCount) this.#writeCatalog(i);
    if (!this.#catalogExisted && i > 0) {
      this.#report(rebuiltCatalogueProblem(CATALOG, i, this.#clock.now()));
    }
    this.#index.loadDone();
    this.#loaded = true;
    return false;
  }

  get size(): number {
    this.loadAll();
    return this.#index.size;
  }

  get problems(): readonly StoreProblem[] {
    return this.#problems;
  }

  onProblem(listener: (problem: StoreProblem) => void): () => void {
    return this.#events.on('problem', listener);
  }

  get(clientReferenceId: string): SessionRecord | undefined {
    this.loadAll();
    return this.#index.get(clientReferenceId);
  }

  getBySessionId(sessionId: string): SessionRecord | undefined {
    this.loadAll();
    return this.#index.getBySessionId(sessionId);
  }

  add(input: NewRecord): SessionRecord {
    this.loadAll();
    if (this.#index.has(input.clientReferenceId)) {
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
    this.#index.added(record, index);
    return record;
  }

  update(clientReferenceId: string, patch: RecordPatch): SessionRecord {
    this.loadAll();
    const located = this.#index.located(clientReferenceId);
    if (!located) {
      throw new CountersignError('session_not_found', 'No such record in the history.', {
        text: { id: 'record_missing', params: {} },
      });
    }
    const next = validRecord({ ...located.record, ...patch, updated: this.#clock.now() });
    const shard = this.#shards[located.shard]!;
    shard.write({
      schemaVersion: RECORDS_SCHEMA_VERSION,
      records: shard.value.records.map((r) => (r.clientReferenceId === clientReferenceId ? next : r)),
    });
    this.#index.updated(located, next);
    return next;
  }

  upsert(record: NewRecord, patch: RecordPatch = {}): SessionRecord {
    this.loadAll();
    if (!this.#index.has(record.clientReferenceId)) return this.add({ ...record, ...patch });
    return this.update(record.clientReferenceId, patch);
  }

  query(query: RecordQuery, page = 0, pageSize = 50): RecordPage {
    this.loadAll();
    return this.#index.query(query, page, pageSize);
  }

  *matching(query: RecordQuery): Generator<SessionRecord> {
    this.loadAll();
    yield* this.#index.matching(query);
  }

  prune(keepMs: number): number {
    this.loadAll();
    const now = this.#clock.now();
    const expired = (r: SessionRecord) => isExpired(r, now, keepMs);
    const gone: SessionRecord[] = [];
    for (const index of this.#index.shardsWhere(expired)) {
      const shard = this.#shards[index]!;
      const records = shard.value.records;
      shard.write({ schemaVersion: RECORDS_SCHEMA_VERSION, records: records.filter((r) => !expired(r)) });
      gone.push(...records.filter(expired));
    }
    this.#index.removed(gone);
    return gone.length;
  }

  flush(): void {
    this.#catalog.flush();
    for (const shard of this.#shards) shard.flush();
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

  /**
   * Whether a shard beyond the catalog's count exists (only after a lost catalog): its primary
   * or its backup copy (a lost primary is restored from the backup when the shard opens).
   */
  #probe(index: number): boolean {
    return this.#has(shardName(index)) || this.#has(backupNameFor(shardName(index)));
  }

  /** Whether this shard or one of the few after it exists: a lost shard must not hide the rest. */
  #probeFrom(index: number): boolean {
    for (let i = index; i < index + PROBE_AHEAD; i++) if (this.#probe(i)) return true;
    return false;
  }

  #has(name: string): boolean {
    try {
      return this.#options.storeFactory(name).has('doc');
    } catch {
      return true; // A damaged file is a shard too: opening it reports and recovers it.
    }
  }

  #writeCatalog(shardCount: number): void {
    this.#catalog.write({ schemaVersion: 1, shardCount });
  }

  #report(problem: StoreProblem): void {
    this.#problems.push(problem);
    this.#events.emit('problem', problem);
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
