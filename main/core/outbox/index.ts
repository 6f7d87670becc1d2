/** The outbox room's door: what the rest of the app may use of it. */
export { OUTBOX_STORE } from './outbox-queue.ts';
export { SENT_STORE, SentCreations, noteSentCreations, type SentCreation } from './outbox-sent.ts';
export { openOutbox, type Outbox, type OutboxItemEvent } from './outbox.ts';
