/**
 * The one mapping from a checked start input to Stripe's create parameters. Deterministic, so a
 * queued creation replayed later carries the very same parameters under the same
 * Idempotency-Key (Stripe refuses a key reused with other parameters).
 */
import type { CheckedStartInput } from '../../../contract/start-input.ts';
import type { SessionCreateParams } from '../stripe/index.ts';

export interface CreateContext {
  /** Countersign's own id for this creation; also Stripe's client_reference_id. */
  clientReferenceId: string;
  returnUrl?: string | undefined;
  /** Which counter or kiosk asked, kept in metadata for reconciliation. */
  station?: string | undefined;
}

/** The one mapping from a checked input to Stripe's create parameters. Deterministic. */
export function buildCreateParams(input: CheckedStartInput, context: CreateContext): SessionCreateParams {
  const params: SessionCreateParams = {
    type: input.type,
    client_reference_id: context.clientReferenceId,
    metadata: { reference: input.reference, ...(context.station ? { station: context.station } : {}) },
  };
  if (input.type === 'document' && input.document) {
    const d = input.document;
    const document: NonNullable<SessionCreateParams['options']>['document'] = {};
    if (d.allowedTypes) document.allowed_types = [...d.allowedTypes];
    if (d.requireLiveCapture !== undefined) document.require_live_capture = d.requireLiveCapture;
    if (d.requireMatchingSelfie !== undefined) document.require_matching_selfie = d.requireMatchingSelfie;
    if (d.requireIdNumber !== undefined) document.require_id_number = d.requireIdNumber;
    params.options = { document };
  }
  if (input.email || input.phone) {
    params.provided_details = {
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
    };
  }
  if (context.returnUrl) params.return_url = context.returnUrl;
  return params;
}

/** Stripe keeps idempotency keys for 24 hours; the outbox looks the reference up after that. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export function idempotencyKeyFor(clientReferenceId: string): string {
  return `countersign-create-${clientReferenceId}`;
}
