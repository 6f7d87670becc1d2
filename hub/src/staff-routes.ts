/**
 * Staff members on the wire (issue 19, item 1):
 *
 * - the fleet API (admin, CSRF on POST): a store's members, add one, change a role, reset a PIN,
 *   remove one — the admin is "admin" in the log, as for the policy;
 * - each station's stream: its store's roster (`event: staff`, PIN hashes only) follows the policy
 *   in the first messages of every stream (so a station that was offline gets the newest on
 *   reconnect), and comes again whenever the store's members change — on every instance, through
 *   `NOTIFY hub_staff` (and to every stream again when the LISTEN connection comes back).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STAFF_ROSTER_EVENT, type HubMemberShown, type HubStaffAnswer } from '../../contract/hub-staff.ts';
import type { Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { HubError, sendError } from './errors.ts';
import type { AdminGuard } from './fleet.ts';
import { errorFields } from './log.ts';
import { STAFF_CHANNEL, type StaffMembers, type Who } from './staff.ts';
import type { Station } from './stations.ts';
import type { StreamFrame, Streams } from './stream.ts';

export interface StaffRoutesDeps {
  db: Db;
  staff: StaffMembers;
  streams: Streams;
  admin: AdminGuard;
  logger: Logger;
}

/** A station's store roster as its stream's message; none while the store never had a member. */
export const rosterFrame = async (staff: StaffMembers, station: Station): Promise<StreamFrame | null> => {
  const data = await staff.rosterFor(station.store);
  return data ? { event: STAFF_ROSTER_EVENT, data } : null;
};

/** Sends a store's new roster to its stations' streams, on every change any instance makes. */
export async function followStaffChanges(deps: Omit<StaffRoutesDeps, 'admin'>): Promise<() => void> {
  const log = deps.logger.child('staff');
  const send = async (pick: (s: Station) => boolean) => {
    try {
      // One roster per store, read once however many of its stations are connected here.
      const rosters = new Map<string, Promise<StreamFrame | null>>();
      await deps.streams.sendTo(pick, (station) => {
        let frame = rosters.get(station.store);
        if (!frame) rosters.set(station.store, (frame = rosterFrame(deps.staff, station)));
        return frame;
      });
    } catch (error) {
      log.warn('a staff roster could not be sent to the streams', errorFields(error));
    }
  };
  await deps.db.listen(STAFF_CHANNEL, (note) => {
    let store: unknown;
    try {
      store = (JSON.parse(note) as { store?: unknown }).store;
    } catch {
      store = undefined;
    }
    if (typeof store !== 'string') {
      log.warn('a staff notification could not be read; sending every stream its roster');
      void send(() => true);
      return;
    }
    void send((station) => station.store === store);
  });
  return deps.db.onListenState((attached) => {
    if (attached) void send(() => true);
  });
}

export function registerStaffRoutes(app: FastifyInstance, deps: StaffRoutesDeps): void {
  const log = deps.logger.child('staff');
  // One admin account: "who" is the admin, and from where.
  const who = (req: FastifyRequest): Who => ({ by: 'admin', from: req.ip });
  const answer = async (
    reply: FastifyReply,
    what: string,
    req: FastifyRequest,
    change: () => Promise<HubMemberShown>,
  ) => {
    try {
      const member = await change();
      log.info(`staff member ${what}`, { store: member.store, member: member.id, address: req.ip });
      return { member };
    } catch (error) {
      if (error instanceof HubError) return sendError(reply, error);
      throw error;
    }
  };

  app.get('/fleet/api/staff', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const store = (req.query as Record<string, unknown>).store;
    if (typeof store !== 'string' || store.trim() === '') {
      return sendError(reply, new HubError(400, 'parameter_invalid', 'Give a store.', undefined, 'store'));
    }
    const result: HubStaffAnswer = { store, members: await deps.staff.list(store) };
    return result;
  });

  app.post('/fleet/api/staff', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    return answer(reply, 'added', req, () => deps.staff.add(req.body ?? {}, who(req)));
  });

  app.post<{ Params: { id: string } }>('/fleet/api/staff/:id/role', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    return answer(reply, 'role changed', req, () =>
      deps.staff.setRole(req.params.id, req.body ?? {}, who(req)),
    );
  });

  app.post<{ Params: { id: string } }>('/fleet/api/staff/:id/pin', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    return answer(reply, 'PIN reset', req, () =>
      deps.staff.resetPin(req.params.id, req.body ?? {}, who(req)),
    );
  });

  app.post<{ Params: { id: string } }>('/fleet/api/staff/:id/remove', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    return answer(reply, 'removed', req, () => deps.staff.remove(req.params.id, who(req)));
  });
}
