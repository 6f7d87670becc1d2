/**
 * The kiosk's part of the contract (issue 9): its settings (walk-away time, opening hours and
 * time zone), the staff PIN, the call for help, and the kiosk journal staff read. Schemas only;
 * contract/ipc.ts puts them into methods. Imports nothing outside contract/.
 */
import { z } from 'zod';
import { PIN_DIGITS } from './bounds.ts';
import { LANGUAGES } from './languages.ts';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Default idle time mid-flow before a kiosk gives up on the customer. */
export const DEFAULT_WALK_AWAY_SECONDS = 120;
/** 0 turns the walk-away off; otherwise at least a few seconds, at most an hour. */
export const WALK_AWAY_BOUNDS = { min: 5, max: 3600 } as const;

/** The reason a walked-away session is canceled with, for its timeline and the journal. */
export const WALK_AWAY_CANCEL_REASON = 'customer_walked_away' as const;

const hhmm = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):([0-5][0-9])$/, 'Write the time as HH:MM (00:00 to 23:59).');

/** `HH:MM` in the kiosk's time zone. `close` before `open` runs past midnight (22:00–02:00). */
export const openingIntervalSchema = z
  .object({ open: hhmm, close: hhmm })
  .strict()
  .refine((i) => i.open !== i.close, 'An opening interval cannot start and end at the same time.');
export type OpeningInterval = z.output<typeof openingIntervalSchema>;

/** Opening hours per weekday; a day that is missing or empty is closed. */
export const openingHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(openingIntervalSchema).max(4));
export type OpeningHours = Partial<Record<Weekday, readonly OpeningInterval[]>>;

/** An IANA time zone this machine knows ('' = the machine's own zone). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The kiosk's settings: one block of the station's settings (contract/ipc.ts). */
export const kioskSettingsFields = {
  kioskWalkAwaySeconds: z
    .number()
    .int()
    .min(0)
    .max(WALK_AWAY_BOUNDS.max)
    .refine((s) => s === 0 || s >= WALK_AWAY_BOUNDS.min, {
      message: `The walk-away time is 0 (off) or ${WALK_AWAY_BOUNDS.min} seconds or more.`,
    }),
  /** null: no opening hours, the display stays awake all day. */
  kioskOpeningHours: openingHoursSchema.nullable(),
  kioskTimeZone: z
    .string()
    .max(64, { abort: true })
    .refine(isKnownTimeZone, 'Not a time zone this computer knows (for example Asia/Tokyo).'),
};

/** How many digits a staff PIN has: written in the schema-free bounds.ts, so the PIN pad loads no zod. */
export { PIN_DIGITS };

/** What the staff PIN is, as the PIN pad and Settings send it. The core checks the rest. */
export const pinSchema = z
  .string()
  .max(PIN_DIGITS.max, { abort: true })
  .regex(
    new RegExp(`^[0-9]{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`),
    `The PIN has ${PIN_DIGITS.min} to ${PIN_DIGITS.max} digits (0–9).`,
  );

export const unlockResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('unlocked') }).strict(),
  z
    .object({
      outcome: z.literal('wrong'),
      triesBeforeLockout: z.number().int().min(0).max(100),
      /** Set when this wrong PIN started a lockout. */
      retryAfterSeconds: z.number().int().min(1).max(86_400).nullable(),
    })
    .strict(),
  z.object({ outcome: z.literal('locked'), retryAfterSeconds: z.number().int().min(1).max(86_400) }).strict(),
  z.object({ outcome: z.literal('no_pin') }).strict(),
]);
export type UnlockResult = z.output<typeof unlockResultSchema>;

export const KIOSK_JOURNAL_TYPES = [
  'help_requested',
  WALK_AWAY_CANCEL_REASON,
  'staff_unlocked',
  'pin_locked_out',
] as const;
export type KioskJournalType = (typeof KIOSK_JOURNAL_TYPES)[number];

export const kioskJournalEntrySchema = z
  .object({
    type: z.enum(KIOSK_JOURNAL_TYPES),
    at: z.number().int().min(0).max(9_999_999_999_999),
    /** The session on screen then, if any. */
    sessionId: z
      .string()
      .regex(/^vs_[A-Za-z0-9]{1,64}$/)
      .nullable(),
  })
  .strict();
export type KioskJournalEntry = z.output<typeof kioskJournalEntrySchema>;

export const kioskStatusSchema = z
  .object({
    pinSet: z.boolean(),
    /** While wrong PINs keep the pad locked: how long still. */
    lockedForSeconds: z.number().int().min(1).max(86_400).nullable(),
    /** Newest first. */
    journal: z.array(kioskJournalEntrySchema).max(200),
  })
  .strict();
export type KioskStatus = z.output<typeof kioskStatusSchema>;

export const helpCallSchema = z
  .object({
    calledAt: z.number().int().min(0).max(9_999_999_999_999),
    /** A press within the throttle window: the call already made stands, no new one. */
    repeated: z.boolean(),
  })
  .strict();

export const customerLanguageSchema = z.enum(LANGUAGES);
