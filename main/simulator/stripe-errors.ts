/**
 * Stripe's error responses: `{ error: { type, code?, param?, message } }` with the HTTP status
 * Stripe uses. Every failure the simulator answers goes through this one class so that the SDK
 * maps it to the same error class it would raise against the real API.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  error: { type: StripeErrorType; message: string; code?: string; param?: string; doc_url?: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /**
     * True for errors raised before the endpoint starts executing (bad parameters). Stripe does
     * not save those under an idempotency key, so a corrected retry with the same key works.
     */
    readonly beforeExecution = false,
  ) {
    super(message);
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody['error'] = { type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

/** Shows only the key's prefix and last four characters, as Stripe does; never the whole key. */
export function maskKey(key: string): string {
  const tail = key.length > 8 ? key.slice(-4) : '';
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}****${tail}`;
}

export function missingApiKey(): ApiError {
  return new ApiError(
    401,
    'invalid_request_error',
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );
}

export function invalidApiKey(key: string): ApiError {
  return new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${maskKey(key)}`);
}

export function unknownParameter(param: string): ApiError {
  return new ApiError(
    400,
    'invalid_request_error',
    `Received unknown parameter: ${param}`,
    'parameter_unknown',
    param,
    true,
  );
}

export function missingParameter(param: string): ApiError {
  return new ApiError(
    400,
    'invalid_request_error',
    `Missing required param: ${param}.`,
    'parameter_missing',
    param,
    true,
  );
}

export function invalidParameter(param: string, message: string, code?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, code, param, true);
}

/** "one of a or b", "one of a, b, or c": Stripe's wording for enum errors. */
export function listChoices(values: readonly string[]): string {
  if (values.length <= 2) return values.join(' or ');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

export function resourceMissing(kind: string, id: string, param = 'id'): ApiError {
  return new ApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

/**
 * A request that is valid but not allowed in the session's current status. Stripe documents the
 * rule (for example "can be canceled when it is in requires_input status") but not a specific
 * error code for it, so none is sent: callers should rely on the 400 status and the type.
 */
export function invalidState(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message);
}

export function idempotencyMismatch(key: string): ApiError {
  return new ApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

/**
 * The same key on another endpoint: Stripe's wording names both endpoints
 * ("... can only be used for the same endpoint they were first used for ('A' vs 'B') ...").
 */
export function idempotencyEndpointMismatch(key: string, first: string, now: string): ApiError {
  return new ApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

/**
 * A second request with a key whose first request is still being carried out. Stripe answers 409
 * with this wording; the SDK and a careful client try again later under the same key.
 */
export function idempotencyInProgress(key: string): ApiError {
  return new ApiError(
    409,
    'idempotency_error',
    `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
    undefined,
    undefined,
    true,
  );
}

/** Stripe answers 429 with type invalid_request_error and code rate_limit (the spec has no rate_limit_error type). */
export function rateLimited(): ApiError {
  return new ApiError(
    429,
    'invalid_request_error',
    'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    'rate_limit',
  );
}

export function serverError(): ApiError {
  return new ApiError(
    500,
    'api_error',
    'An unknown error occurred. The request was not executed; it is safe to retry with the same idempotency key.',
  );
}
