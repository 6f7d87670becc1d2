/**
 * Staff members managed from the hub's fleet page (issue 19, item 1): each belongs to one store,
 * and the store's roster — its members with their PINs as the station's own scrypt hash, never
 * the PIN — is pushed to each of its stations over the stream (`event: staff`), first on every
 * connection and again on every change. A station that has a roster from the hub has the hub's
 * members only: staff sign-in is on while the roster has members, and members are added,
 * changed and removed on the fleet page, not at the station.
 */
import { z } from 'zod';
import { pinHashSchema } from './policy.ts';
import { STAFF_ROLES, staffMemberSchema, STAFF_NAME_MAX } from './staff.ts';

/** The SSE event name of a store's roster on a station's stream. */
export const STAFF_ROSTER_EVENT = 'staff';

/** A member as the stream carries them: who they are, and their PIN's hash. */
export const rosterMemberSchema = staffMemberSchema.extend({ pinHash: pinHashSchema }).strict();
export type RosterMember = z.output<typeof rosterMemberSchema>;

/**
 * A store's roster. `version` grows with every change of the store's members (the newest
 * change's number): a station ignores one older than what it holds.
 */
export const hubRosterSchema = z
  .object({
    version: z.number().int().min(0),
    store: z.string().max(200),
    members: z.array(rosterMemberSchema).max(200),
  })
  .strict();
export type HubRoster = z.output<typeof hubRosterSchema>;

/** What the fleet page sends to add a member: the hub hashes the PIN and keeps the hash only. */
export const newHubMemberSchema = z
  .object({
    store: z.string().trim().min(1, { abort: true }).max(200, { abort: true }),
    name: z.string().trim().min(1, { abort: true }).max(STAFF_NAME_MAX, { abort: true }),
    role: z.enum(STAFF_ROLES),
    pin: z.string().max(64, { abort: true }),
  })
  .strict();

export const memberRoleChangeSchema = z.object({ role: z.enum(STAFF_ROLES) }).strict();
export const memberPinResetSchema = z.object({ pin: z.string().max(64, { abort: true }) }).strict();

/** A member as the fleet page sees them (the PIN's hash stays on the hub). */
export interface HubMemberShown {
  id: string;
  store: string;
  name: string;
  role: (typeof STAFF_ROLES)[number];
  createdAt: number;
  updatedAt: number;
  changedBy: string;
}

/** `GET /fleet/api/staff?store=…`: the store's current members, by name. */
export interface HubStaffAnswer {
  store: string;
  members: HubMemberShown[];
}
