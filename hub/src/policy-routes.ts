/**
 * The station policy on the wire (issue 18, item 1):
 *
 * - the fleet API (admin, CSRF on POST): every level's current policy, one level's versions, a
 *   new version of a level, and any station's effective policy with each value's source;
 * - each station's stream: its effective policy is the first message of every stream (so a
 *   station that was offline gets the newest on reconnect), and again whenever a level that
 *   applies to it changes — on every instance, through `NOTIFY hub_policy` (and to every stream
 *   again when the LISTEN connection comes back, as a NOTIFY may have been missed meanwhile).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  POLICY_EVENT,
  POLICY_LEVELS,
  type EffectivePolicy,
  type PolicyLevel,
} from '../../contract/policy.ts';
import type { Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { HubError, markRefusal } from './errors.ts';
import type { AdminGuard } from './fleet.ts';
import type {
  EffectivePolicyAnswer,
  PolicyHistoryAnswer,
  PolicyLevelShown,
  PolicyLevelsAnswer,
} from './fleet-policy-api.ts';
import { errorFields } from './log.ts';
import {
  POLICY_CHANNEL,
  policyConcerns,
  withoutPinHash,
  type Policies,
  type PolicyVersionRow,
} from './policy.ts';
import type { Station } from './stations.ts';
import type { StreamFrame, Streams } from './stream.ts';

export interface PolicyRoutesDeps {
  db: Db;
  policies: Policies;
  streams: Streams;
  admin: AdminGuard;
  logger: Logger;
}

/** A station's effective policy as its stream's message; none while no level has a policy. */
export const policyFrame = async (policies: Policies, station: Station): Promise<StreamFrame | null> => {
  const data: EffectivePolicy = await policies.effectiveFor(station);
  return data.version === 0 ? null : { event: POLICY_EVENT, data };
};

const shown = (row: PolicyVersionRow): PolicyLevelShown => ({ ...row, policy: withoutPinHash(row.policy) });

/** Sends the new effective policy to the streams concerned, on every change any instance makes. */
export async function followPolicyChanges(deps: Omit<PolicyRoutesDeps, 'admin'>): Promise<() => void> {
  const log = deps.logger.child('policy');
  const send = async (pick: (s: Station) => boolean) => {
    try {
      const of = await deps.policies.snapshot();
      await deps.streams.sendTo(pick, async (station) => {
        const data = of(station);
        return data.version === 0 ? null : { event: POLICY_EVENT, data };
      });
    } catch (error) {
      log.warn('a policy could not be sent to the streams', errorFields(error));
    }
  };
  await deps.db.listen(POLICY_CHANNEL, (note) => {
    let change: { level: string; target: string };
    try {
      change = JSON.parse(note) as { level: string; target: string };
    } catch (error) {
      log.warn(
        'a policy notification could not be read; sending every stream its policy',
        errorFields(error),
      );
      void send(() => true);
      return;
    }
    void send((station) => policyConcerns(change, station));
  });
  return deps.db.onListenState((attached) => {
    if (attached) void send(() => true);
  });
}

export function registerPolicyRoutes(app: FastifyInstance, deps: PolicyRoutesDeps): void {
  const refuse = (reply: FastifyReply, error: HubError) =>
    markRefusal(reply, error.code)
      .code(error.status)
      .send({ error: { type: 'invalid_request_error', code: error.code, message: error.message } });
  const log = deps.logger.child('policy');

  app.get('/fleet/api/policy', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const answer: PolicyLevelsAnswer = { levels: (await deps.policies.current()).map(shown) };
    return answer;
  });

  app.get('/fleet/api/policy/history', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const q = req.query as Record<string, unknown>;
    const level = q.level;
    if (typeof level !== 'string' || !(POLICY_LEVELS as readonly string[]).includes(level)) {
      return refuse(reply, new HubError(400, 'parameter_invalid', 'Give a level: fleet, store or station.'));
    }
    const target = level === 'fleet' ? '' : typeof q.target === 'string' ? q.target.slice(0, 200) : '';
    const answer: PolicyHistoryAnswer = {
      versions: (await deps.policies.history(level as PolicyLevel, target)).map(shown),
    };
    return answer;
  });

  app.post('/fleet/api/policy', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      // One admin account: "who" is the admin, and from where.
      const saved = await deps.policies.save(body.level, body.target, body.policy, {
        by: 'admin',
        from: req.ip,
      });
      log.info('policy changed', { level: saved.level, version: saved.version, address: req.ip });
      return { level: shown(saved) };
    } catch (error) {
      if (error instanceof HubError) return refuse(reply, error);
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/fleet/api/stations/:id/policy', async (req, reply) => {
    if (!(await deps.admin(req, reply))) return reply;
    const [station] = await deps.db.query<{ id: string; name: string; store: string }>(
      'SELECT id, name, store FROM stations WHERE id = $1',
      [req.params.id.slice(0, 200)],
    );
    if (!station) return refuse(reply, new HubError(404, 'resource_missing', 'No such station.'));
    const effective = await deps.policies.effectiveFor(station);
    const answer: EffectivePolicyAnswer = {
      station: { id: station.id, name: station.name, store: station.store },
      version: effective.version,
      policy: withoutPinHash(effective.policy),
      sources: effective.sources,
    };
    return answer;
  });
}
