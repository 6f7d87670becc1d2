/**
 * The station policy's storage (issue 18, item 1): every version of every level (the fleet's
 * defaults, a store's overrides, a station's own) is a row of `policy_versions`, with who changed
 * it and when; a level's current policy is its newest row. The schema is the contract's
 * (contract/policy.ts), checked on the way in and again on the way out.
 *
 * A change is announced with `NOTIFY hub_policy` (the level and its target): every instance then
 * sends the new effective policy to the streams it holds of the stations concerned (stream.ts).
 *
 * The kiosk PIN arrives from the fleet page as digits and is stored as its scrypt hash only, in
 * the station's own format (pin-hash.ts), so a station can check a PIN with it.
 */
import {
  effectivePolicy,
  policyEditSchema,
  policyLayerSchema,
  POLICY_LEVELS,
  type EffectivePolicy,
  type PolicyEdit,
  type PolicyLayer,
  type PolicyLevel,
} from '../../contract/policy.ts';
import type { Db } from './db.ts';
import { HubError } from './errors.ts';
import { hashPin } from './pin-hash.ts';

export const POLICY_CHANNEL = 'hub_policy';

/** One version of a level, as the fleet page reads it (the PIN's hash never leaves the hub). */
export interface PolicyVersionRow {
  level: PolicyLevel;
  /** '' for the fleet, the store's name, or the station's id. */
  target: string;
  version: number;
  policy: PolicyLayer;
  changedBy: string;
  changedAt: number;
}

/** What the fleet page shows of a policy: the PIN only as "set". */
export function withoutPinHash<T extends { kioskPinHash?: unknown }>(
  policy: T,
): Omit<T, 'kioskPinHash'> & { kioskPinSet?: true } {
  const { kioskPinHash, ...rest } = policy;
  return kioskPinHash === undefined ? rest : { ...rest, kioskPinSet: true };
}

interface Row {
  level: string;
  target: string;
  version: number;
  policy: unknown;
  changed_by: string;
  changed_at: number;
  [k: string]: unknown;
}

const toVersion = (r: Row): PolicyVersionRow => {
  const raw = typeof r.policy === 'string' ? (JSON.parse(r.policy) as unknown) : r.policy;
  // Written through the schema; read through it too (a row edited by hand is not sent on).
  const parsed = policyLayerSchema.safeParse(raw);
  return {
    level: r.level as PolicyLevel,
    target: r.target,
    version: Number(r.version),
    policy: parsed.success ? parsed.data : {},
    changedBy: r.changed_by,
    changedAt: Number(r.changed_at),
  };
};

const LATEST = `SELECT DISTINCT ON (level, target) level, target, version, policy, changed_by, changed_at
                  FROM policy_versions`;

export class Policies {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Every level's current policy (fleet, each store, each station that has one). */
  async current(): Promise<PolicyVersionRow[]> {
    const rows = await this.db.query<Row>(`${LATEST} ORDER BY level, target, version DESC`);
    return rows.map(toVersion);
  }

  /** One level's versions, newest first. */
  async history(level: PolicyLevel, target: string, limit = 50): Promise<PolicyVersionRow[]> {
    const rows = await this.db.query<Row>(
      `SELECT level, target, version, policy, changed_by, changed_at FROM policy_versions
        WHERE level = $1 AND target = $2 ORDER BY version DESC LIMIT $3`,
      [level, target, limit],
    );
    return rows.map(toVersion);
  }

  /**
   * Every level read once, for many stations' effective policies (a fleet-wide change sent to
   * thousands of streams costs one query, not one per station).
   */
  async snapshot(): Promise<(station: { id: string; store: string }) => EffectivePolicy> {
    const levels = await this.current();
    const find = (level: PolicyLevel, target: string) =>
      levels.find((l) => l.level === level && l.target === target);
    return (station) =>
      effectivePolicy({
        fleet: find('fleet', ''),
        store: find('store', station.store),
        station: find('station', station.id),
      });
  }

  /** The effective policy of a station (its store's and its own over the fleet's). */
  async effectiveFor(station: { id: string; store: string }): Promise<EffectivePolicy> {
    const rows = await this.db.query<Row>(
      `${LATEST} WHERE (level = 'fleet' AND target = '') OR (level = 'store' AND target = $1)
                   OR (level = 'station' AND target = $2)
        ORDER BY level, target, version DESC`,
      [station.store, station.id],
    );
    const levels: Partial<Record<PolicyLevel, { version: number; policy: PolicyLayer }>> = {};
    for (const row of rows.map(toVersion)) levels[row.level] = row;
    return effectivePolicy(levels);
  }

  /**
   * A new version of a level: the fields it sets from now on. Checked with the contract's
   * schema (400 naming the field otherwise); the PIN is hashed here, or the level's hash kept.
   */
  async save(
    level: unknown,
    target: unknown,
    edit: unknown,
    who: { by: string; from?: string },
  ): Promise<PolicyVersionRow> {
    if (typeof level !== 'string' || !(POLICY_LEVELS as readonly string[]).includes(level)) {
      throw new HubError(
        400,
        'parameter_invalid',
        'Give a level: fleet, store or station.',
        undefined,
        'level',
      );
    }
    const lvl = level as PolicyLevel;
    const tgt = lvl === 'fleet' ? '' : typeof target === 'string' ? target.trim() : '';
    if (lvl !== 'fleet' && (tgt === '' || tgt.length > 200)) {
      throw new HubError(
        400,
        'parameter_invalid',
        'Give the store or the station the policy is for.',
        undefined,
        'target',
      );
    }
    if (lvl === 'store') {
      const known = await this.db.query('SELECT 1 FROM stations WHERE store = $1 LIMIT 1', [tgt]);
      if (known.length === 0)
        throw new HubError(404, 'resource_missing', 'No station is enrolled in that store.');
    }
    if (lvl === 'station') {
      const known = await this.db.query('SELECT 1 FROM stations WHERE id = $1', [tgt]);
      if (known.length === 0) throw new HubError(404, 'resource_missing', 'No such station.');
    }
    const parsed = policyEditSchema.safeParse(edit);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue ? issue.path.map(String).join('.') : undefined;
      throw new HubError(
        400,
        'parameter_invalid',
        issue ? `${param || 'policy'}: ${issue.message}` : 'The policy is not valid.',
        undefined,
        param,
      );
    }
    const { kioskPin, keepKioskPin, ...fields } = parsed.data as PolicyEdit;
    const layer: PolicyLayer = { ...fields };
    if (kioskPin !== undefined) layer.kioskPinHash = await hashPin(kioskPin);
    else if (keepKioskPin) {
      const [previous] = await this.history(lvl, tgt, 1);
      if (previous?.policy.kioskPinHash) layer.kioskPinHash = previous.policy.kioskPinHash;
    }
    const stored = policyLayerSchema.parse(layer);
    const rows = await this.db.transaction(async (tx) => {
      const inserted = await tx.query<Row>(
        `INSERT INTO policy_versions (level, target, policy, changed_by, changed_from, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING level, target, version, policy, changed_by, changed_at`,
        [lvl, tgt, JSON.stringify(stored), who.by, who.from ?? null, this.now()],
      );
      await tx.query('SELECT pg_notify($1, $2)', [
        POLICY_CHANNEL,
        JSON.stringify({ level: lvl, target: tgt }),
      ]);
      return inserted;
    });
    return toVersion(rows[0]!);
  }
}

/** Whether a change of `level`/`target` concerns a station. */
export function policyConcerns(
  change: { level: string; target: string },
  station: { id: string; store: string },
) {
  return (
    change.level === 'fleet' ||
    (change.level === 'store' && change.target === station.store) ||
    (change.level === 'station' && change.target === station.id)
  );
}
