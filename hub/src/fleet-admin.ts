/**
 * The admin's check for the fleet picture's API (dashboard, session lists, alerts, the fleet
 * stream), the same as fleet.ts's: the admin session cookie for every call, and for a POST its
 * CSRF token in `X-CSRF-Token`. A refusal has the fleet API's shape and codes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_COOKIE, AdminAuth } from './admin-auth.ts';
import type { Db } from './db.ts';
import { markRefusal } from './errors.ts';
import type { FleetErrorCode } from './fleet-overview.ts';

export const refuse = (reply: FastifyReply, status: number, code: FleetErrorCode, message: string) =>
  markRefusal(reply, code)
    .code(status)
    .send({ error: { type: 'invalid_request_error', code, message } });

/** Resolves true when the request may go on; otherwise it has been answered. */
export type AdminGuard = (req: FastifyRequest, reply: FastifyReply) => Promise<boolean>;

export function adminGuard(db: Db, now: () => number): AdminGuard {
  const auth = new AdminAuth(db, now);
  return async (req, reply) => {
    const session = await auth.session(req.cookies[ADMIN_COOKIE]);
    if (!session) {
      refuse(reply, 401, 'admin_signin_required', 'Sign in to the fleet page first.');
      return false;
    }
    if (req.method === 'POST' && req.headers['x-csrf-token'] !== session.csrf) {
      refuse(reply, 403, 'csrf_invalid', 'This form has expired. Reload the page and try again.');
      return false;
    }
    return true;
  };
}
