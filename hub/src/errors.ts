/**
 * Stripe-shaped refusals. The station talks to the hub with the stripe SDK, which turns the
 * HTTP status and `{"error":{"type","code","message"}}` into its own error classes, so the
 * station's gateway maps a hub's refusal exactly as it maps Stripe's.
 */
import type { FastifyReply } from 'fastify';

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type = 'invalid_request_error',
    readonly param?: string,
  ) {
    super(message);
  }

  body(): { error: { type: string; code: string; message: string; param?: string } } {
    const error = { type: this.type, code: this.code, message: this.message };
    return { error: this.param ? { ...error, param: this.param } : error };
  }
}

export const notFound = (id: string): HubError =>
  new HubError(
    404,
    'resource_missing',
    `No such verification session: '${id}'`,
    'invalid_request_error',
    'id',
  );

export const invalidRequest = (message: string, param?: string): HubError =>
  new HubError(400, 'parameter_invalid', message, 'invalid_request_error', param);

declare module 'fastify' {
  interface FastifyReply {
    /** The code of the refusal this reply carries, for the request's log line and the metrics. */
    refusal: string | null;
  }
}

/** Notes why a reply refuses (server.ts logs it with the request and counts it). */
export function markRefusal(reply: FastifyReply, code: string): FastifyReply {
  reply.refusal = code;
  return reply;
}

export function sendError(reply: FastifyReply, error: HubError): FastifyReply {
  return markRefusal(reply, error.code).code(error.status).type('application/json').send(error.body());
}
