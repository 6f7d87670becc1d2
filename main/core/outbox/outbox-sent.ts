/**
 * Creations on their way to Stripe. An online creation is noted here (its exact create
 * parameters, sealed, with its Idempotency-Key and the time it was first sent) before its request
 * leaves, and erased as soon as its answer is in, whatever it was (the history or the outbox
 * holds it from then on). So what a killed app leaves here is exactly the creations whose answer
 * nobody saw: the start-up reconciliation sends the very same request again under the same key,
 * and Stripe answers with the session the first request made, says it is still being made, or
 * makes it now (reconcile.ts decides what each means).
 *
 * Personal data: the parameters may hold the customer's email or phone; they are sealed like a
 * queued item's (AES-256-GCM under the outbox's key from the OS keychain) and erased from both
 * copies of the file with the entry.
 */
import { z } from 'zod';
import type { Clock } from '../../../base/clock.ts';
import { DurableDoc, type StoreFactory, type StoreProblem } from '../storage/index.ts';
import type { CreatedSession, Gateway, SessionCreateParams } from '../stripe/index.ts';
import { seal, sealedBoxSchema, unseal } from '../keychain/index.ts';

export const SENT_STORE = 'outbox-sent';
const SCHEMA_VERSION = 1;

const entrySchema = z
  .object({
    clientReferenceId: z.string().min(1).max(200),
    idempotencyKey: z.string().min(1).max(255),
    /** When the first request was sent: Stripe keeps the key for 24 hours from then. */
    sentAt: z.number().int(),
    params: sealedBoxSchema,
  })
  .strict();
type Entry = z.infer<typeof entrySchema>;

const bodySchema = z
  .object({ schemaVersion: z.literal(SCHEMA_VERSION), entries: z.array(entrySchema) })
  .strict();
type Body = z.infer<typeof bodySchema>;

export interface SentCreation {
  clientReferenceId: string;
  idempotencyKey: string;
  sentAt: number;
  params: SessionCreateParams;
}

export interface SentCreationsOptions {
  storeFactory: StoreFactory;
  /** 32 bytes: the outbox's sealing key. */
  sealKey: Buffer;
  clock: Clock;
  onProblem: (problem: StoreProblem) => void;
}

export class SentCreations {
  readonly #o: SentCreationsOptions;
  readonly #doc: DurableDoc<Body>;

  constructor(options: SentCreationsOptions) {
    this.#o = options;
    this.#doc = new DurableDoc<Body>({
      factory: options.storeFactory,
      name: SENT_STORE,
      parse: (raw) => ({ value: bodySchema.parse(raw), migrated: false }),
      empty: () => ({ schemaVersion: SCHEMA_VERSION, entries: [] }),
      backup: 'sync',
      clock: options.clock,
      onProblem: options.onProblem,
    });
  }

  /** Written to both copies before it returns (throws when it cannot be). */
  note(clientReferenceId: string, idempotencyKey: string, params: SessionCreateParams): void {
    const earlier = this.#entry(clientReferenceId);
    const entry: Entry = {
      clientReferenceId,
      idempotencyKey,
      // A second send of the same creation keeps the first one's time: Stripe's 24 hours run from it.
      sentAt: earlier?.sentAt ?? this.#o.clock.now(),
      params: seal(params, this.#o.sealKey, clientReferenceId),
    };
    this.#write([...this.#others(clientReferenceId), entry]);
  }

  get(clientReferenceId: string): SentCreation | undefined {
    const entry = this.#entry(clientReferenceId);
    if (!entry) return undefined;
    return {
      clientReferenceId,
      idempotencyKey: entry.idempotencyKey,
      sentAt: entry.sentAt,
      params: unseal(entry.params, this.#o.sealKey, clientReferenceId) as SessionCreateParams,
    };
  }

  ids(): string[] {
    return this.#doc.value.entries.map((e) => e.clientReferenceId);
  }

  /** Erases the entry (and its sealed parameters) from both copies. */
  forget(clientReferenceId: string): void {
    if (!this.#entry(clientReferenceId)) return;
    this.#write(this.#others(clientReferenceId));
  }

  #entry(clientReferenceId: string): Entry | undefined {
    return this.#doc.value.entries.find((e) => e.clientReferenceId === clientReferenceId);
  }

  #others(clientReferenceId: string): Entry[] {
    return this.#doc.value.entries.filter((e) => e.clientReferenceId !== clientReferenceId);
  }

  #write(entries: Entry[]): void {
    this.#doc.write({ schemaVersion: SCHEMA_VERSION, entries });
  }
}

/**
 * The gateway the counter's online creations go through: each is noted before it is sent and
 * forgotten once answered. A note that cannot be written does not stop the creation (the
 * reconciliation then falls back to looking the reference up), it is only reported.
 */
export function noteSentCreations(
  gateway: Gateway,
  sent: SentCreations,
  onNoteFailed: (error: unknown) => void,
): Gateway {
  const forget = (clientReferenceId: string) => {
    try {
      sent.forget(clientReferenceId);
    } catch (error) {
      // Left behind, the entry only makes the next start send the request again: Stripe replays it.
      onNoteFailed(error);
    }
  };
  return {
    ...gateway,
    createSession: async (params, idempotencyKey): Promise<CreatedSession> => {
      const id = params.client_reference_id;
      if (id) {
        try {
          sent.note(id, idempotencyKey, params);
        } catch (error) {
          onNoteFailed(error);
        }
      }
      try {
        return await gateway.createSession(params, idempotencyKey);
      } finally {
        if (id) forget(id);
      }
    },
  };
}
