/**
 * What happened at an unattended kiosk that staff should know when they come back: calls for
 * help, customers who walked away, staff exits and PIN lockouts. Kept in the kiosk's small store
 * (newest first, the last 200), read by staff in Settings (`kiosk.status`). Never personal data:
 * a type, a time and the session id on screen.
 */
import type { KioskJournalEntry, KioskJournalType } from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import type { KeyValueStore } from '../storage/index.ts';

export const JOURNAL_KEY = 'kiosk.journal';
export const JOURNAL_MAX = 200;
/** Presses of "Need help?" within this time of a call (by the same customer) are that same call. */
export const HELP_REPEAT_MS = 60_000;

export interface KioskJournal {
  add(type: KioskJournalType, sessionId: string | null): KioskJournalEntry;
  entries(): KioskJournalEntry[];
  /**
   * A customer asks for staff. Returns the call in effect: a new one, or the one made less than
   * HELP_REPEAT_MS ago (`repeated`), so one press, or a burst of them, is one call.
   */
  callForHelp(sessionId: string | null): { calledAt: number; repeated: boolean };
  /** The screen is back on welcome: the next customer's call is a call of its own. */
  newCustomer(): void;
}

function parseEntries(value: unknown): KioskJournalEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is KioskJournalEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as KioskJournalEntry).type === 'string' &&
      Number.isFinite((e as KioskJournalEntry).at),
  );
}

export function createKioskJournal(store: KeyValueStore, clock: Pick<Clock, 'now'>): KioskJournal {
  let lastHelpAt: number | null = null;
  const entries = () => parseEntries(store.get(JOURNAL_KEY));
  const add = (type: KioskJournalType, sessionId: string | null): KioskJournalEntry => {
    const entry: KioskJournalEntry = { type, at: clock.now(), sessionId };
    store.set(JOURNAL_KEY, [entry, ...entries()].slice(0, JOURNAL_MAX));
    return entry;
  };
  return {
    add,
    entries,
    newCustomer() {
      lastHelpAt = null;
    },
    callForHelp(sessionId) {
      const now = clock.now();
      // A clock set back counts as "long ago": better a second call than none.
      if (lastHelpAt !== null && now >= lastHelpAt && now - lastHelpAt < HELP_REPEAT_MS) {
        return { calledAt: lastHelpAt, repeated: true };
      }
      lastHelpAt = add('help_requested', sessionId).at;
      return { calledAt: lastHelpAt, repeated: false };
    },
  };
}
