/**
 * Staff sign-in at the station: the members (a name, a role, a PIN), who is signed in, and the
 * idle sign-out. Off by default (a one-person shop signs nobody in); on, the handlers' role table
 * (contract/staff.ts) asks this room who is there before every call.
 *
 * Each member's PIN is the kiosk's staff PIN machinery (kiosk-pin.ts) on the member's own part
 * of the store: scrypt-hashed with its own salt, never stored as typed, and wrong PINs locked out
 * per member across restarts. Who is signed in lives in memory only: a restart signs everyone out.
 *
 * On a hub, the store's roster from the fleet page replaces the members (staff-managed.ts).
 */
import { randomBytes } from 'node:crypto';
import { CountersignError } from '../../../contract/errors.ts';
import {
  IDLE_MINUTES,
  STAFF_ROLES,
  type SignInResult,
  type StaffMember,
  type StaffRole,
  type StaffStatus,
} from '../../../contract/staff.ts';
import type { Clock } from '../../../base/clock.ts';
import { assertAcceptablePin, createStaffPin, secondsUntil, type StaffPin } from '../kiosk/index.ts';
import type { KeyValueStore } from '../storage/index.ts';
import {
  dropHubRoster,
  managedByHub,
  rosterMembers,
  storedHubRoster,
  takeHubRoster,
} from './staff-managed.ts';

const MEMBERS_KEY = 'members';
const ENABLED_KEY = 'enabled';
const IDLE_KEY = 'idleMinutes';

export interface StaffRoster {
  status(): StaffStatus;
  enabled(): boolean;
  /** Who is signed in now (an idle sign-out is applied first), or null. */
  signedIn(): StaffMember | null;
  /** A call from the console: the idle time starts again. */
  noteActivity(): void;
  signIn(memberId: string, pin: string): Promise<SignInResult>;
  signOut(): void;
  setEnabled(enabled: boolean, idleMinutes?: number): StaffStatus;
  addMember(member: { name: string; role: StaffRole; pin: string }): Promise<StaffMember>;
  removeMember(id: string): StaffStatus;
  /** A member's new PIN (the recovery code's way back); their wrong tries start afresh. */
  setPin(id: string, pin: string): Promise<void>;
  member(id: string): StaffMember | null;
  /**
   * The hub's roster (its stream's `event: staff`): the members from now on. True when it was
   * taken (newer than the one kept); a signed-in member it no longer lists is signed out.
   */
  applyHubRoster(roster: unknown): boolean;
  /** The station left the hub: its own members (and setting) count again; whoever was in is out. */
  leaveHub(): void;
  /** Told of every sign-in, sign-out (idle too) and change of members or setting. */
  onChange(listener: (status: StaffStatus) => void): () => void;
  close(): void;
}

export interface StaffRosterOptions {
  store: KeyValueStore;
  clock: Clock;
  /** The hub's policy's idle minutes (`staffIdleMinutes`), which win over the station's own. */
  policyIdleMinutes?: () => number | undefined;
  /** Tests: cheaper scrypt parameters. */
  pinParams?: Parameters<typeof createStaffPin>[0]['params'];
}

/** A member's part of the store: their PIN's hash and wrong tries, under their own keys. */
function memberStore(store: KeyValueStore, id: string): KeyValueStore {
  const key = (k: string) => `pin.${id}.${k}`;
  return {
    get: (k) => store.get(key(k)),
    set: (k, v) => store.set(key(k), v),
    has: (k) => store.has(key(k)),
    delete: (k) => store.delete(key(k)),
  };
}

function parseMembers(value: unknown): StaffMember[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (m): m is StaffMember =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as StaffMember).id === 'string' &&
      typeof (m as StaffMember).name === 'string' &&
      (STAFF_ROLES as readonly string[]).includes((m as StaffMember).role),
  );
}

function refused(message: string, text: CountersignError['text']): CountersignError {
  return new CountersignError('invalid_state', message, text ? { text } : {});
}

export function createStaffRoster(o: StaffRosterOptions): StaffRoster {
  const { store, clock } = o;
  const listeners = new Set<(status: StaffStatus) => void>();
  let current: StaffMember | null = null;
  let lastActivity = 0;
  let idleTimer: unknown = null;

  // The hub's roster, read once: only this roster writes it (applyHubRoster, leaveHub), and
  // every console call asks whether sign-in is on.
  let hub = storedHubRoster(store);
  const members = () => (hub ? rosterMembers(hub) : parseMembers(store.get(MEMBERS_KEY)));
  const enabled = () => (hub ? hub.members.length > 0 : store.get(ENABLED_KEY) === true);
  const refuseIfManaged = () => {
    if (hub) throw managedByHub();
  };
  const idleMinutes = () => {
    const v = o.policyIdleMinutes?.() ?? store.get(IDLE_KEY);
    return typeof v === 'number' && Number.isInteger(v) && v >= IDLE_MINUTES.min && v <= IDLE_MINUTES.max
      ? v
      : IDLE_MINUTES.default;
  };
  const pinOf = (id: string): StaffPin =>
    createStaffPin({ store: memberStore(store, id), clock, ...(o.pinParams ? { params: o.pinParams } : {}) });

  const status = (): StaffStatus => ({
    enabled: enabled(),
    idleMinutes: idleMinutes(),
    signedIn: enabled() ? current : null,
    members: members(),
    managedByHub: hub !== null,
  });
  const changed = () => {
    const s = status();
    for (const listener of listeners) listener(s);
  };

  const stopIdleTimer = () => {
    if (idleTimer !== null) clock.clearTimeout(idleTimer);
    idleTimer = null;
  };
  /** Signs the person out once the idle time has passed since their last call. */
  const armIdleTimer = () => {
    stopIdleTimer();
    if (!current) return;
    const due = lastActivity + idleMinutes() * 60_000;
    idleTimer = clock.setTimeout(
      () => {
        idleTimer = null;
        if (current && clock.now() >= lastActivity + idleMinutes() * 60_000) {
          current = null;
          changed();
        } else armIdleTimer();
      },
      Math.max(0, due - clock.now()),
    );
  };
  const idleOut = () => {
    if (current && clock.now() >= lastActivity + idleMinutes() * 60_000) {
      current = null;
      stopIdleTimer();
      changed();
    }
  };

  const managers = (list: StaffMember[]) => list.filter((m) => m.role === 'manager').length;
  const needManager = () =>
    refused(
      'Staff sign-in needs at least one manager: add a manager first, and keep one while sign-in is on.',
      { id: 'staff_need_manager', params: {} },
    );

  return {
    status,
    enabled,
    signedIn() {
      if (!enabled()) return null;
      idleOut();
      return current;
    },
    noteActivity() {
      if (!current) return;
      lastActivity = clock.now();
    },
    async signIn(memberId, pin) {
      const member = members().find((m) => m.id === memberId);
      if (!member) {
        throw new CountersignError('invalid_input', 'There is no such staff member at this station.', {
          text: { id: 'staff_unknown_member', params: {} },
        });
      }
      const memberPin = pinOf(member.id);
      const locked = memberPin.lockedUntil();
      if (locked !== null) return { outcome: 'locked', retryAfterSeconds: secondsUntil(locked, clock.now()) };
      let check;
      try {
        check = await memberPin.check(pin);
      } catch (error) {
        const after = error instanceof CountersignError ? error.detail.retryAfterSeconds : undefined;
        if (typeof after === 'number') return { outcome: 'locked', retryAfterSeconds: Math.max(1, after) };
        throw error;
      }
      if (!check.ok) {
        return {
          outcome: 'wrong',
          triesBeforeLockout: check.triesBeforeLockout,
          retryAfterSeconds: check.lockedUntil === null ? null : secondsUntil(check.lockedUntil, clock.now()),
        };
      }
      current = member;
      lastActivity = clock.now();
      armIdleTimer();
      changed();
      return { outcome: 'signed_in', member };
    },
    signOut() {
      if (!current) return;
      current = null;
      stopIdleTimer();
      changed();
    },
    setEnabled(on, minutes) {
      refuseIfManaged();
      if (on && managers(members()) === 0) throw needManager();
      store.set(ENABLED_KEY, on);
      if (minutes !== undefined) store.set(IDLE_KEY, minutes);
      if (!on) {
        current = null;
        stopIdleTimer();
      } else armIdleTimer();
      changed();
      return status();
    },
    async addMember({ name, role, pin }) {
      refuseIfManaged();
      assertAcceptablePin(pin);
      const member: StaffMember = {
        id: `st_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
        name,
        role,
      };
      await pinOf(member.id).set(pin);
      store.set(MEMBERS_KEY, [...members(), member]);
      changed();
      return member;
    },
    removeMember(id) {
      refuseIfManaged();
      const list = members();
      const rest = list.filter((m) => m.id !== id);
      if (enabled() && managers(rest) === 0) throw needManager();
      store.set(MEMBERS_KEY, rest);
      pinOf(id).clear();
      if (current?.id === id) {
        current = null;
        stopIdleTimer();
      }
      changed();
      return status();
    },
    async setPin(id, pin) {
      refuseIfManaged();
      await pinOf(id).set(pin);
    },
    member: (id) => members().find((m) => m.id === id) ?? null,
    applyHubRoster(raw) {
      const taken = takeHubRoster(store, raw, pinOf);
      if (!taken) return false;
      hub = taken;
      if (current) {
        // Removed by the hub: signed out; re-roled: signed in with the new role.
        const now = members().find((m) => m.id === current?.id) ?? null;
        current = enabled() ? now : null;
        if (!current) stopIdleTimer();
      }
      changed();
      return true;
    },
    leaveHub() {
      if (!dropHubRoster(store, pinOf)) return;
      hub = null;
      current = null;
      stopIdleTimer();
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      stopIdleTimer();
      listeners.clear();
    },
  };
}
