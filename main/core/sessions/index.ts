/** The sessions room's door: what the rest of the app may use of it. */
export { IDEMPOTENCY_WINDOW_MS, buildCreateParams, idempotencyKeyFor } from './create-params.ts';
export { factsOf, type SessionFacts } from './session-facts.ts';
export {
  createSessions,
  newClientReferenceId,
  type AttemptCounter,
  type Sessions,
} from './session-lifecycle.ts';
export { createTimelines, type Timelines } from './timelines.ts';
