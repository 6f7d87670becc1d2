/**
 * The outbox's durable queue file: which creations wait to be sent, each with the sealed contact
 * details and everything needed to rebuild its create parameters byte for byte. The drain loop
 * (outbox.ts) decides when to send; this module decides what is on disk.
 *
 * An item is written (primary and backup copy) before `add` returns: that write is the commit
 * point after which the creation happens exactly once. Removals are coalesced: removing each
 * sent item at once would rewrite the whole queue per item (a drain of 500 would spend more time
 * writing than sending), so they are written together a moment later. A crash before that only
 * means the drain finds their record complete and drops them without asking Stripe.
 *
 * Personal data: email and phone are sealed (AES-256-GCM under `sealKey`, kept in the OS
 * keychain) and exist only while the item is queued; removing the item erases the sealed box
 * from both copies of the file.
 */
import { z } from 'zod';
import type { Clock } from '../../../base/clock.ts';
import { DurableDoc, type StoreFactory, type StoreProblem } from '../storage/index.ts';
import { CountersignError } from '../../../contract/errors.ts';
import type { SessionCreateParams } from '../stripe/index.ts';
import { seal, sealedBoxSchema, unseal } from '../keychain/index.ts';
import { buildCreateParams } from '../sessions/index.ts';
import type { CheckedStartInput } from '../../../contract/start-input.ts';

export const OUTBOX_STORE = 'outbox';
/** A file of one timestamp, written to probe a disk that refused a write (outbox-pacing.ts). */
export const DISK_PROBE_STORE = 'outbox-disk-probe';
export const OUTBOX_SCHEMA_VERSION = 1;

const outboxItemSchema = z
  .object({
    clientReferenceId: z.string().min(1),
    reference: z.string(),
    type: z.enum(['document', 'id_number']),
    /** The checked input without email and phone. */
    input: z.record(z.string(), z.unknown()),
    /** Email and phone, sealed; null when none were given. */
    personal: sealedBoxSchema.nullable(),
    station: z.string().nullable(),
    staff: z.string().nullable(),
    returnUrl: z.string().nullable(),
    queuedAt: z.number().int(),
    /** Queued after a creation attempted online: its request may have reached Stripe. */
    attemptedOnline: z.boolean().optional(),
  })
  .strict();
export type OutboxItem = z.infer<typeof outboxItemSchema>;

const outboxBodySchema = z
  .object({ schemaVersion: z.literal(OUTBOX_SCHEMA_VERSION), items: z.array(outboxItemSchema) })
  .strict();
type OutboxBody = z.infer<typeof outboxBodySchema>;

const PERSONAL_KEYS = ['email', 'phone'] as const;

export interface NewItem {
  checked: CheckedStartInput;
  clientReferenceId: string;
  station: string | null;
  staff: string | null;
  returnUrl: string | null;
  attemptedOnline: boolean;
}

export interface OutboxQueueOptions {
  storeFactory: StoreFactory;
  /** 32 bytes. */
  sealKey: Buffer;
  clock: Clock;
  onProblem: (problem: StoreProblem) => void;
  /** A coalesced removal could not be written (it is tried again a second later). */
  onRemovalFailed: (error: unknown) => void;
  /** The number of pending items changed. */
  onCount: () => void;
}

export class OutboxQueue {
  readonly #o: OutboxQueueOptions;
  readonly #doc: DurableDoc<OutboxBody>;
  /** Items removed in memory but still in the file (see the module comment). */
  readonly #done = new Set<string>();
  #removalTimer: unknown;

  constructor(options: OutboxQueueOptions) {
    if (options.sealKey.length !== 32)
      throw new CountersignError('internal', 'The outbox sealing key must be 32 bytes.');
    this.#o = options;
    this.#doc = new DurableDoc<OutboxBody>({
      factory: options.storeFactory,
      name: OUTBOX_STORE,
      parse: (raw) => ({ value: outboxBodySchema.parse(raw), migrated: false }),
      empty: () => ({ schemaVersion: OUTBOX_SCHEMA_VERSION, items: [] }),
      backup: 'sync',
      clock: options.clock,
      onProblem: options.onProblem,
    });
  }

  get count(): number {
    return this.#doc.value.items.length - this.#done.size;
  }

  pending(): OutboxItem[] {
    return this.#done.size === 0
      ? this.#doc.value.items
      : this.#doc.value.items.filter((i) => !this.#done.has(i.clientReferenceId));
  }

  find(clientReferenceId: string): OutboxItem | undefined {
    return this.pending().find((i) => i.clientReferenceId === clientReferenceId);
  }

  /** Seals the contact details and writes the item to both copies; throws if it is not on disk. */
  add(request: NewItem): OutboxItem {
    const input: Record<string, unknown> = { ...request.checked };
    const personal: Record<string, string> = {};
    for (const key of PERSONAL_KEYS) {
      const value = request.checked[key];
      if (value !== undefined) personal[key] = value;
      delete input[key];
    }
    const item: OutboxItem = {
      clientReferenceId: request.clientReferenceId,
      reference: request.checked.reference,
      type: request.checked.type,
      input,
      personal:
        Object.keys(personal).length > 0 ? seal(personal, this.#o.sealKey, request.clientReferenceId) : null,
      station: request.station,
      staff: request.staff,
      returnUrl: request.returnUrl,
      queuedAt: this.#o.clock.now(),
      ...(request.attemptedOnline ? { attemptedOnline: true } : {}),
    };
    // The commit point: once this write returns, the creation will happen exactly once.
    this.#doc.write({ schemaVersion: OUTBOX_SCHEMA_VERSION, items: [...this.pending(), item] });
    this.#done.clear();
    this.#o.onCount();
    return item;
  }

  /** The create parameters of an item, exactly as on the first attempt. */
  paramsFor(item: OutboxItem): SessionCreateParams {
    const personal = item.personal
      ? (unseal(item.personal, this.#o.sealKey, item.clientReferenceId) as object)
      : {};
    const input = { ...item.input, ...personal } as CheckedStartInput;
    return buildCreateParams(input, {
      clientReferenceId: item.clientReferenceId,
      returnUrl: item.returnUrl ?? undefined,
      station: item.station ?? undefined,
    });
  }

  /** Removes an item in memory now and from the file a moment later (coalesced). */
  remove(clientReferenceId: string): void {
    this.#done.add(clientReferenceId);
    this.#o.onCount();
    if (this.#removalTimer === undefined) {
      this.#removalTimer = this.#o.clock.setTimeout(() => {
        this.#removalTimer = undefined;
        this.flushRemovals();
      }, 100);
      (this.#removalTimer as { unref?: () => void } | undefined)?.unref?.();
    }
  }

  /** Removes an item from both copies before returning (throws when that cannot be written). */
  removeNow(clientReferenceId: string): void {
    const items = this.pending().filter((i) => i.clientReferenceId !== clientReferenceId);
    this.#doc.write({ schemaVersion: OUTBOX_SCHEMA_VERSION, items });
    this.#done.clear();
    this.#o.onCount();
  }

  /** Writes the queue without the items already removed (erasing their personal data). */
  flushRemovals(): void {
    if (this.#removalTimer !== undefined) this.#o.clock.clearTimeout(this.#removalTimer);
    this.#removalTimer = undefined;
    if (this.#done.size === 0) return;
    try {
      this.#doc.write({ schemaVersion: OUTBOX_SCHEMA_VERSION, items: this.pending() });
      this.#done.clear();
    } catch (error) {
      // They stay in the file; their records are complete, so a replay only drops them.
      this.#o.onRemovalFailed(error);
      this.#removalTimer = this.#o.clock.setTimeout(() => this.flushRemovals(), 1000);
      (this.#removalTimer as { unref?: () => void } | undefined)?.unref?.();
    }
  }
}

/** The history record of a queued item, before Stripe has answered. */
export function queuedRecordOf(item: OutboxItem) {
  return {
    clientReferenceId: item.clientReferenceId,
    reference: item.reference,
    type: item.type,
    status: 'queued' as const,
    station: item.station,
    staff: item.staff,
    created: item.queuedAt,
  };
}
