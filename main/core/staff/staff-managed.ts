/**
 * Staff members managed by the hub (issue 19, item 1): when the hub sends this station its store's
 * roster (`event: staff`: members with their PINs as scrypt hashes, never PINs), the station's
 * members are the hub's. The roster is kept in the staff store (across restarts, and offline the
 * last one stands), each member's hash is taken into their own PIN part (kiosk-pin.ts `adopt`:
 * a changed hash starts their tries afresh, an unchanged one keeps their lockout), and the PIN
 * parts of members the hub removed are cleared. Sign-in is on while the roster has members;
 * adding or removing members here is refused.
 */
import { CountersignError } from '../../../contract/errors.ts';
import { hubRosterSchema, type HubRoster } from '../../../contract/hub-staff.ts';
import type { StaffMember } from '../../../contract/staff.ts';
import type { KeyValueStore } from '../storage/index.ts';
import type { StaffPin } from '../kiosk/index.ts';

/** Where the hub's roster is kept in the staff store. */
export const HUB_ROSTER_KEY = 'hubRoster';

/** The hub's roster as kept, or null: the station's own members then. */
export function storedHubRoster(store: KeyValueStore): HubRoster | null {
  const parsed = hubRosterSchema.safeParse(store.get(HUB_ROSTER_KEY));
  return parsed.success ? parsed.data : null;
}

/** The roster's members as the station shows them (the hashes stay in main). */
export function rosterMembers(roster: HubRoster): StaffMember[] {
  return roster.members.map(({ id, name, role }) => ({ id, name, role }));
}

export function managedByHub(): CountersignError {
  return new CountersignError(
    'invalid_state',
    'Staff members are managed by the hub for this station. Ask the fleet administrator to add, change or remove them on the fleet page.',
    { text: { id: 'staff_managed_by_hub', params: {} } },
  );
}

/**
 * Takes a roster from the hub: kept, each member's PIN hash adopted, the removed members' PINs
 * cleared. False (nothing changes) for a roster of another shape or one not newer than the one
 * kept.
 */
export function takeHubRoster(
  store: KeyValueStore,
  raw: unknown,
  pinOf: (id: string) => StaffPin,
): HubRoster | null {
  const parsed = hubRosterSchema.safeParse(raw);
  if (!parsed.success) return null;
  const roster = parsed.data;
  const kept = storedHubRoster(store);
  if (kept && roster.version <= kept.version) return null;
  for (const m of roster.members) pinOf(m.id).adopt(m.pinHash);
  const now = new Set(roster.members.map((m) => m.id));
  for (const m of kept?.members ?? []) if (!now.has(m.id)) pinOf(m.id).clear();
  store.set(HUB_ROSTER_KEY, roster);
  return roster;
}

/** Out of the fleet: the hub's roster and its members' PINs go; the station's own members count again. */
export function dropHubRoster(store: KeyValueStore, pinOf: (id: string) => StaffPin): boolean {
  const kept = storedHubRoster(store);
  if (!kept) return false;
  for (const m of kept.members) pinOf(m.id).clear();
  store.delete(HUB_ROSTER_KEY);
  return true;
}
