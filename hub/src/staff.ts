/**
 * Staff members managed from the fleet page (issue 19, item 1): each member belongs to one store,
 * has a name, a role and a PIN kept as the station's own scrypt hash only (pin-hash.ts). Every
 * change is a row of `staff_member_versions` (who, when, what — never the hash): the log, and the
 * store's roster version (its newest seq) that stations compare.
 *
 * A change is announced with `NOTIFY hub_staff` (the store): every instance then sends the store's
 * new roster to the streams it holds of that store's stations (staff-routes.ts).
 *
 * Staff sign-in is on at a store's stations while its roster has members, so the roster always
 * keeps a manager while it has anyone: the first member is a manager, and the last manager is
 * neither removed nor made a clerk while others remain.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  memberPinResetSchema,
  memberRoleChangeSchema,
  newHubMemberSchema,
  type HubMemberShown,
  type HubRoster,
} from '../../contract/hub-staff.ts';
import { pinProblem } from '../../contract/pin-rules.ts';
import { pinHashSchema } from '../../contract/policy.ts';
import type { StaffRole } from '../../contract/staff.ts';
import type { Db, Queryable } from './db.ts';
import { HubError } from './errors.ts';
import { hashPin } from './pin-hash.ts';

export const STAFF_CHANNEL = 'hub_staff';

/** What a row of the log says happened to a member. */
export const STAFF_CHANGES = ['added', 'role', 'pin', 'removed'] as const;
export type StaffChange = (typeof STAFF_CHANGES)[number];

interface MemberRow {
  id: string;
  store: string;
  name: string;
  role: string;
  pin_hash: unknown;
  created_at: number;
  updated_at: number;
  changed_by: string;
  [k: string]: unknown;
}

const shown = (r: MemberRow): HubMemberShown => ({
  id: r.id,
  store: r.store,
  name: r.name,
  role: r.role as StaffRole,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  changedBy: r.changed_by,
});

/** A refusal naming the first field zod found wrong. */
function invalid(error: z.ZodError): HubError {
  const issue = error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : undefined;
  return new HubError(
    400,
    'parameter_invalid',
    issue ? `${param || 'member'}: ${issue.message}` : 'The staff member is not valid.',
    'invalid_request_error',
    param,
  );
}

/** The contract's one PIN rule (contract/pin-rules.ts), as the hub's refusal: its code is the text's id. */
function assertPin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new HubError(400, problem.text.id, problem.message, 'invalid_request_error', 'pin');
}

const lastManager = () =>
  new HubError(
    409,
    'staff_last_manager',
    'This is the store’s last manager: staff sign-in is on at its stations while it has staff, and it needs a manager. Make another member a manager first, or remove the others.',
  );

const missing = () => new HubError(404, 'resource_missing', 'No such staff member.');

const SELECT =
  'SELECT id, store, name, role, pin_hash, created_at, updated_at, changed_by FROM staff_members';

export interface Who {
  by: string;
  from?: string;
}

export class StaffMembers {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** A store's current members, by name. */
  async list(store: string): Promise<HubMemberShown[]> {
    const rows = await this.db.query<MemberRow>(
      `${SELECT} WHERE store = $1 AND removed_at IS NULL ORDER BY name, id`,
      [store.slice(0, 200)],
    );
    return rows.map(shown);
  }

  /** The store's roster as its stations get it; null while the store never had a member here. */
  async rosterFor(store: string): Promise<HubRoster | null> {
    const [top] = await this.db.query<{ v: number | null }>(
      'SELECT max(seq) AS v FROM staff_member_versions WHERE store = $1',
      [store],
    );
    const version = Number(top?.v ?? 0);
    if (version === 0) return null;
    const rows = await this.db.query<MemberRow>(
      `${SELECT} WHERE store = $1 AND removed_at IS NULL ORDER BY name, id`,
      [store],
    );
    const members = rows.flatMap((r) => {
      const raw = typeof r.pin_hash === 'string' ? (JSON.parse(r.pin_hash) as unknown) : r.pin_hash;
      // Written through the schema; read through it too (a row edited by hand is not sent on).
      const pinHash = pinHashSchema.safeParse(raw);
      return pinHash.success
        ? [{ id: r.id, name: r.name, role: r.role as StaffRole, pinHash: pinHash.data }]
        : [];
    });
    return { version, store, members };
  }

  async add(input: unknown, who: Who): Promise<HubMemberShown> {
    const parsed = newHubMemberSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const { store, name, role, pin } = parsed.data;
    assertPin(pin);
    const known = await this.db.query('SELECT 1 FROM stations WHERE store = $1 LIMIT 1', [store]);
    if (known.length === 0)
      throw new HubError(404, 'resource_missing', 'No station is enrolled in that store.');
    const pinHash = await hashPin(pin);
    const id = `st_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
    return this.#change(store, async (tx, members) => {
      if (role === 'clerk' && !members.some((m) => m.role === 'manager')) {
        throw new HubError(
          409,
          'staff_need_manager',
          'A store’s first staff member is a manager: staff sign-in goes on at its stations with the first member, and it needs a manager. Add a manager first.',
        );
      }
      const at = this.now();
      const [row] = await tx.query<MemberRow>(
        `INSERT INTO staff_members (id, store, name, role, pin_hash, created_at, updated_at, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
         RETURNING id, store, name, role, pin_hash, created_at, updated_at, changed_by`,
        [id, store, name, role, JSON.stringify(pinHash), at, who.by],
      );
      await this.#log(tx, row!, 'added', who, at);
      return row!;
    });
  }

  async setRole(id: string, input: unknown, who: Who): Promise<HubMemberShown> {
    const parsed = memberRoleChangeSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const { role } = parsed.data;
    return this.#changeMember(id, async (tx, member, members, at) => {
      if (role === 'clerk' && member.role === 'manager' && !otherManager(members, id)) throw lastManager();
      const [row] = await tx.query<MemberRow>(
        `UPDATE staff_members SET role = $2, updated_at = $3, changed_by = $4 WHERE id = $1
         RETURNING id, store, name, role, pin_hash, created_at, updated_at, changed_by`,
        [id, role, at, who.by],
      );
      await this.#log(tx, row!, 'role', who, at);
      return row!;
    });
  }

  /** A new PIN (also the way back when a store's managers forgot theirs). */
  async resetPin(id: string, input: unknown, who: Who): Promise<HubMemberShown> {
    const parsed = memberPinResetSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    assertPin(parsed.data.pin);
    const pinHash = await hashPin(parsed.data.pin);
    return this.#changeMember(id, async (tx, _member, _members, at) => {
      const [row] = await tx.query<MemberRow>(
        `UPDATE staff_members SET pin_hash = $2, updated_at = $3, changed_by = $4 WHERE id = $1
         RETURNING id, store, name, role, pin_hash, created_at, updated_at, changed_by`,
        [id, JSON.stringify(pinHash), at, who.by],
      );
      await this.#log(tx, row!, 'pin', who, at);
      return row!;
    });
  }

  async remove(id: string, who: Who): Promise<HubMemberShown> {
    return this.#changeMember(id, async (tx, member, members, at) => {
      if (member.role === 'manager' && members.length > 1 && !otherManager(members, id)) throw lastManager();
      const [row] = await tx.query<MemberRow>(
        `UPDATE staff_members SET removed_at = $2, updated_at = $2, changed_by = $3 WHERE id = $1
         RETURNING id, store, name, role, pin_hash, created_at, updated_at, changed_by`,
        [id, at, who.by],
      );
      await this.#log(tx, row!, 'removed', who, at);
      return row!;
    });
  }

  /** One member's change, inside the store's change. */
  async #changeMember(
    id: string,
    fn: (tx: Queryable, member: MemberRow, members: MemberRow[], at: number) => Promise<MemberRow>,
  ): Promise<HubMemberShown> {
    const [found] = await this.db.query<{ store: string }>(
      'SELECT store FROM staff_members WHERE id = $1 AND removed_at IS NULL',
      [id.slice(0, 100)],
    );
    if (!found) throw missing();
    return this.#change(found.store, async (tx, members) => {
      const member = members.find((m) => m.id === id);
      if (!member) throw missing(); // removed meanwhile
      return fn(tx, member, members, this.now());
    });
  }

  /**
   * A change of a store's members: one at a time per store (the last-manager rule reads the
   * members it changes), logged and announced in the same transaction.
   */
  async #change(
    store: string,
    fn: (tx: Queryable, members: MemberRow[]) => Promise<MemberRow>,
  ): Promise<HubMemberShown> {
    const row = await this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('hub_staff:' || $1))", [store]);
      const members = await tx.query<MemberRow>(`${SELECT} WHERE store = $1 AND removed_at IS NULL`, [store]);
      const changed = await fn(tx, members);
      await tx.query('SELECT pg_notify($1, $2)', [STAFF_CHANNEL, JSON.stringify({ store })]);
      return changed;
    });
    return shown(row);
  }

  async #log(tx: Queryable, row: MemberRow, change: StaffChange, who: Who, at: number): Promise<void> {
    await tx.query(
      `INSERT INTO staff_member_versions (member_id, store, change, name, role, changed_by, changed_from, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.store, change, row.name, row.role, who.by, who.from ?? null, at],
    );
  }
}

const otherManager = (members: MemberRow[], id: string) =>
  members.some((m) => m.id !== id && m.role === 'manager');
