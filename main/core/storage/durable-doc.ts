/**
 * One JSON document kept durably in two key-value stores: a primary and a backup copy (the
 * "last good copy"). conf and electron-store write through a temporary file and a rename, so a
 * crash never leaves a half-written file; the backup is for what the rename cannot prevent: a
 * file damaged or emptied on disk, or edited by hand.
 *
 * Each copy carries a sequence number. On open the valid copy with the highest number wins and
 * the other is repaired. A damaged copy is reported (a `StoreProblem` the UI can show), never
 * silently dropped.
 *
 * The backup is written either in the same call (`backup: 'sync'`, for the outbox: nothing queued
 * may be lost even if the primary is damaged right after) or a moment later, coalesced
 * (`'deferred'`, for history shards: it keeps an append to one file write, ~2 ms, at the price
 * that a damaged primary may be restored without its last few hundred milliseconds of changes).
 */
import type { Clock } from '../../../base/clock.ts';
import { CountersignError } from '../../../contract/errors.ts';
import type { KeyValueStore } from './key-value-store.ts';
import { noticeStore, type StoreProblem } from './store-notices.ts';

export type { StoreProblem } from './store-notices.ts';

export interface StoreOpenOptions {
  /**
   * When the file cannot be parsed, start from an empty store instead of throwing (conf's and
   * electron-store's `clearInvalidConfig`). Asked for only after the damaged copy was reported
   * and a good copy is at hand to write over it.
   */
  discardCorrupt?: boolean;
}

/**
 * Opens (or creates) the store with this name. In the app: an electron-store instance; in tests
 * and tools: a conf instance with its own cwd. Must throw on a file it cannot parse unless
 * `discardCorrupt` is set, and must not interpret dots in keys (`accessPropertiesByDotNotation:
 * false`); names are plain file names (letters, digits, `-`, `.`).
 */
export type StoreFactory = (name: string, options?: StoreOpenOptions) => KeyValueStore;

export interface DurableDocOptions<T> {
  factory: StoreFactory;
  name: string;
  /** Validates (and migrates) a stored body; throws on anything unusable. */
  parse: (raw: unknown) => { value: T; migrated: boolean };
  empty: () => T;
  backup: 'sync' | 'deferred';
  clock: Clock;
  onProblem: (problem: StoreProblem) => void;
  /** For 'deferred': how long changes are coalesced before the backup is written. */
  backupDelayMs?: number;
  /**
   * For 'deferred' only: skip reading the backup while the primary is valid. The primary is
   * always written first, so it can only be behind the backup if someone replaced the file; this
   * halves the work of opening hundreds of history shards.
   */
  trustPrimary?: boolean;
}

const DOC_KEY = 'doc';

interface Envelope {
  seq: number;
  body: unknown;
}

type CopyRead =
  | { ok: true; store: KeyValueStore; seq: number; value: unknown; present: boolean; migrated: boolean }
  | { ok: false; error: unknown };

export function backupNameFor(name: string): string {
  return `${name}.backup`;
}

export class DurableDoc<T> {
  readonly name: string;
  #value: T;
  #seq: number;
  #primary: KeyValueStore;
  #backup: KeyValueStore | undefined;
  #backupSeq: number;
  #timer: unknown;
  readonly #options: DurableDocOptions<T>;

  constructor(options: DurableDocOptions<T>) {
    this.#options = options;
    this.name = options.name;
    const { factory, name } = options;
    const primary = readCopy(factory, name, options.parse);
    const readBackup = !(
      primary.ok &&
      primary.present &&
      options.trustPrimary &&
      options.backup === 'deferred'
    );
    const backup = readBackup ? readCopy(factory, backupNameFor(name), options.parse) : undefined;

    let chosen: { seq: number; value: T; migrated: boolean } | undefined;
    for (const copy of [primary, backup]) {
      if (copy?.ok && copy.present && (!chosen || copy.seq > chosen.seq)) {
        chosen = { seq: copy.seq, value: copy.value as T, migrated: copy.migrated };
      }
    }
    this.#value = chosen?.value ?? options.empty();
    this.#seq = chosen?.seq ?? 0;

    if (!primary.ok) {
      const recovered = chosen !== undefined;
      options.onProblem({
        store: name,
        recovered,
        at: options.clock.now(),
        notice: { code: recovered ? 'store_restored' : 'store_lost', params: { store: noticeStore(name) } },
        error: new CountersignError(
          'store_corrupt',
          recovered
            ? `The file for ${name} was damaged; Countersign restored it from its backup copy.`
            : `The file for ${name} was damaged and its backup could not be read; it starts empty.`,
        ).toPayload(),
      });
    }
    if (primary.ok && !primary.present && backup?.ok && backup.present) {
      // Written primary first, backup second: a backup without its primary means the primary
      // file was removed. Restored below; staff are told, since they did not remove it.
      options.onProblem({
        store: name,
        recovered: true,
        at: options.clock.now(),
        notice: { code: 'store_missing_restored', params: { store: noticeStore(name) } },
        error: new CountersignError(
          'store_corrupt',
          `The file for ${name} was missing; Countersign restored it from its backup copy.`,
        ).toPayload(),
      });
    }
    this.#primary = primary.ok ? primary.store : openDiscarding(factory, name);
    if (backup && backup.ok) this.#backup = backup.store;
    else if (backup) this.#backup = openDiscarding(factory, backupNameFor(name));
    this.#backupSeq = backup?.ok && backup.present ? backup.seq : -1;

    // Repair: the primary must hold the chosen copy, migrated bodies are written back once.
    const primarySeq = primary.ok && primary.present ? primary.seq : -1;
    // A failed repair is not fatal: memory holds the good copy and the next write tries again.
    try {
      if (chosen && (primarySeq < chosen.seq || chosen.migrated)) {
        if (chosen.migrated) this.#seq += 1;
        this.#writePrimary();
        this.#writeBackupNow();
      } else if (this.#backup && this.#backupSeq !== this.#seq && chosen) {
        this.#writeBackupNow();
      }
    } catch {
      this.#scheduleBackup();
    }
  }

  get value(): T {
    return this.#value;
  }

  /**
   * Replaces the document. Returns once the primary copy is on disk (conf writes a temporary
   * file, fsyncs it and renames it). Throws `store_write_failed` and leaves the in-memory value
   * untouched when the write fails, so memory never claims more than the disk holds.
   */
  write(next: T): void {
    const previous = { value: this.#value, seq: this.#seq };
    this.#value = next;
    this.#seq += 1;
    try {
      this.#writePrimary();
    } catch (error) {
      this.#value = previous.value;
      this.#seq = previous.seq;
      throw error;
    }
    if (this.#options.backup === 'sync') {
      try {
        this.#writeBackupNow();
      } catch {
        // The primary holds the change; the backup is retried with the next write or flush.
        this.#scheduleBackup();
      }
    } else {
      this.#scheduleBackup();
    }
  }

  /** Writes a pending backup copy now (on close, and by tests). */
  flush(): void {
    if (this.#timer !== undefined) {
      this.#options.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // Sequence 0 is a document never written: a backup of it, with no primary, would read as a
    // removed file at the next start and tell staff so.
    if (this.#seq > 0 && this.#backupSeq !== this.#seq) {
      try {
        this.#writeBackupNow();
      } catch {
        // Nothing else to do: the primary is intact; the next write tries again.
      }
    }
  }

  #writePrimary(): void {
    writeEnvelope(this.#primary, { seq: this.#seq, body: this.#value });
  }

  #writeBackupNow(): void {
    this.#backup ??= openDiscarding(this.#options.factory, backupNameFor(this.name));
    writeEnvelope(this.#backup, { seq: this.#seq, body: this.#value });
    this.#backupSeq = this.#seq;
  }

  #scheduleBackup(): void {
    if (this.#timer !== undefined) return;
    const handle = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#options.backupDelayMs ?? 250);
    // A pending backup must not keep a process (a test, a tool) alive on its own.
    (handle as { unref?: () => void } | undefined)?.unref?.();
    this.#timer = handle;
  }
}

function readCopy(factory: StoreFactory, name: string, parse: DurableDocOptions<unknown>['parse']): CopyRead {
  try {
    const store = factory(name);
    const raw = store.get(DOC_KEY);
    if (raw === undefined)
      return { ok: true, store, seq: 0, value: undefined, present: false, migrated: false };
    const envelope = raw as Partial<Envelope>;
    if (typeof envelope !== 'object' || envelope === null || !Number.isSafeInteger(envelope.seq)) {
      throw new Error('The stored document has no sequence number.');
    }
    const { value, migrated } = parse(envelope.body);
    return { ok: true, store, seq: envelope.seq as number, value, present: true, migrated };
  } catch (error) {
    return { ok: false, error };
  }
}

function openDiscarding(factory: StoreFactory, name: string): KeyValueStore {
  try {
    return factory(name, { discardCorrupt: true });
  } catch (error) {
    throw new CountersignError('store_corrupt', `Countersign cannot open its file ${name}. Check the disk.`, {
      cause: error,
      text: { id: 'store_cannot_open', params: {} },
    });
  }
}

function writeEnvelope(store: KeyValueStore, envelope: Envelope): void {
  try {
    store.set(DOC_KEY, envelope);
  } catch (error) {
    throw toStoreWriteError(error);
  }
}

/** A failed write as the app's typed error: a full disk and a damaged file read differently. */
function toStoreWriteError(error: unknown): CountersignError {
  if (error instanceof CountersignError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof SyntaxError) {
    return new CountersignError(
      'store_corrupt',
      'A Countersign data file was damaged while in use. Restart the app.',
      {
        cause: error,
        retryable: true,
        text: { id: 'store_damaged_in_use', params: {} },
      },
    );
  }
  const refusal =
    code === 'ENOSPC' ? 'disk_full' : code === 'EACCES' || code === 'EPERM' ? 'permission' : 'refused';
  const reason =
    refusal === 'disk_full'
      ? 'the disk is full'
      : refusal === 'permission'
        ? 'permission was refused'
        : 'the disk refused the write';
  return new CountersignError(
    'store_write_failed',
    `Countersign could not save its data: ${reason}. Nothing was lost; free some space or check the disk, then try again.`,
    {
      cause: error,
      retryable: true,
      detail: { fsCode: typeof code === 'string' ? code : undefined },
      text: { id: 'store_write_failed', params: { reason: refusal } },
    },
  );
}
