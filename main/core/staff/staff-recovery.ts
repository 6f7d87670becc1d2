/**
 * The way back when every manager has forgotten their PIN: one recovery code per station, made
 * when sign-in is turned on (or when a manager asks for a new one), shown once for the owner to
 * write down and keep away from the counter, and kept only as a scrypt hash. Typed with a new
 * PIN and a manager (or a new manager's name), it sets that manager's PIN (their wrong tries
 * start afresh) and is spent: a new code takes its place, shown once in the same answer.
 *
 * The code is checked by the kiosk's PIN machinery (kiosk-pin.ts) on its own part of the staff
 * store, so wrong codes are locked out exactly like wrong PINs, across restarts. Nothing here
 * logs or returns the code except the answer that makes it.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { CountersignError } from '../../../contract/errors.ts';
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_GROUP,
  RECOVERY_CODE_LENGTH,
  type IssuedRecoveryCode,
  type RecoverArgs,
  type RecoverResult,
  type RecoveryStatus,
  type StaffMember,
} from '../../../contract/staff.ts';
import type { Clock } from '../../../base/clock.ts';
import { assertAcceptablePin, createStaffPin, hashSecret, secondsUntil } from '../kiosk/index.ts';
import type { KeyValueStore } from '../storage/index.ts';
import type { StaffRoster } from './staff-roster.ts';
import { managedByHub } from './staff-managed.ts';

const PREFIX = 'recovery.';
const CREATED_KEY = `${PREFIX}createdAt`;

export interface StaffRecovery {
  /** Whether a code exists and when it was made; never the code. */
  status(): RecoveryStatus;
  /** Makes a new code (the one before stops working): the only time it is seen. */
  issue(): Promise<IssuedRecoveryCode>;
  /**
   * Uses the code. The new PIN and the manager are checked before the code (a typing slip there
   * costs no try); a wrong code counts toward the lockout like a wrong PIN.
   */
  recover(args: RecoverArgs): Promise<RecoverResult>;
}

export interface StaffRecoveryOptions {
  /** The staff store: the code's hash and wrong tries live beside the members, under `recovery.`. */
  store: KeyValueStore;
  clock: Clock;
  roster: StaffRoster;
  /** Tests: cheaper scrypt parameters. */
  pinParams?: Parameters<typeof createStaffPin>[0]['params'];
  randomBytes?: (size: number) => Buffer;
}

/** A new code: 20 characters, 5 bits each (256 is a multiple of 32: no bias), in groups of 5. */
export function makeRecoveryCode(randomBytes: (size: number) => Buffer = nodeRandomBytes): string {
  const chars = [...randomBytes(RECOVERY_CODE_LENGTH)].map((b) => RECOVERY_CODE_ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += RECOVERY_CODE_GROUP)
    groups.push(chars.slice(i, i + RECOVERY_CODE_GROUP).join(''));
  return groups.join('-');
}

/**
 * The code as it is hashed: upper case, without spaces or dashes, and the look-alikes the
 * alphabet leaves out read as what they look like (O as 0, I and L as 1), as Crockford's rules say.
 */
export function normalizeRecoveryCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s\-‐‑–—－]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

function refused(message: string, text: CountersignError['text']): CountersignError {
  return new CountersignError('invalid_state', message, text ? { text } : {});
}

export function createStaffRecovery(o: StaffRecoveryOptions): StaffRecovery {
  const { store, clock, roster } = o;
  const part: KeyValueStore = {
    get: (k) => store.get(PREFIX + k),
    set: (k, v) => store.set(PREFIX + k, v),
    has: (k) => store.has(PREFIX + k),
    delete: (k) => store.delete(PREFIX + k),
  };
  const params = o.pinParams;
  const code = createStaffPin({ store: part, clock, ...(params ? { params } : {}) });
  const createdAt = (): number | null => {
    const at = store.get(CREATED_KEY);
    return code.isSet() && typeof at === 'number' && Number.isInteger(at) && at >= 0 ? at : null;
  };

  async function issue(): Promise<IssuedRecoveryCode> {
    const made = makeRecoveryCode(o.randomBytes);
    const hash = await hashSecret(normalizeRecoveryCode(made), params, o.randomBytes);
    code.adopt(hash);
    const at = clock.now();
    store.set(CREATED_KEY, at);
    return { code: made, createdAt: at };
  }

  /** The manager the code is for: one of the members who is a manager, or a new one's name. */
  function target(args: RecoverArgs): StaffMember | { newManagerName: string } {
    if (args.memberId === undefined) return { newManagerName: args.newManagerName ?? '' };
    const member = roster.member(args.memberId);
    if (!member) {
      throw new CountersignError('invalid_input', 'There is no such staff member at this station.', {
        text: { id: 'staff_unknown_member', params: {} },
      });
    }
    if (member.role !== 'manager') {
      throw new CountersignError(
        'invalid_input',
        'The recovery code sets a manager’s PIN: choose a manager, or name a new one.',
        { detail: { field: 'memberId' }, text: { id: 'staff_recovery_not_manager', params: {} } },
      );
    }
    return member;
  }

  async function recoverNow(args: RecoverArgs): Promise<RecoverResult> {
    // On a hub the store's staff are the fleet page's: its Reset PIN is the way back there.
    if (roster.status().managedByHub) throw managedByHub();
    assertAcceptablePin(args.pin);
    const who = target(args);
    if (createdAt() === null) {
      throw refused(
        'This station has no recovery code. A manager makes one in Settings, under Staff sign-in.',
        { id: 'staff_recovery_none', params: {} },
      );
    }
    const locked = code.lockedUntil();
    if (locked !== null) return { outcome: 'locked', retryAfterSeconds: secondsUntil(locked, clock.now()) };
    const check = await code.check(normalizeRecoveryCode(args.code));
    if (!check.ok) {
      return {
        outcome: 'wrong',
        triesBeforeLockout: check.triesBeforeLockout,
        retryAfterSeconds: check.lockedUntil === null ? null : secondsUntil(check.lockedUntil, clock.now()),
      };
    }
    // The manager's PIN first: if that fails, the code is not spent.
    let member: StaffMember;
    if ('id' in who) {
      await roster.setPin(who.id, args.pin);
      member = who;
    } else member = await roster.addMember({ name: who.newManagerName, role: 'manager', pin: args.pin });
    return { outcome: 'recovered', member, recoveryCode: await issue() };
  }

  // One recovery at a time: a second use of the same code, sent at once, meets the new code.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    status: () => ({ createdAt: createdAt() }),
    issue,
    recover(args) {
      const run = queue.then(() => recoverNow(args));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
