/**
 * A store's opening hours, as the alerts ask for them: "is a station that has been offline since
 * `a` offline for more than N minutes of its opening hours by `b`?".
 *
 * Where the hours come from is one function (`OpeningHoursSource`): by default the station's
 * effective policy (`policyOpeningHours`: its kiosk opening hours and time zone, as the station
 * itself keeps them); `startHub({ openingHours })` takes another source.
 */
import { WEEKDAYS, type OpeningHours as PolicyHours } from '../../contract/kiosk.ts';
import type { EffectivePolicy } from '../../contract/policy.ts';

/** Minutes after local midnight: [open, close), close ≤ 1440. */
export type OpenRange = readonly [number, number];

export interface OpeningHours {
  /** An IANA time zone (`Asia/Tokyo`): the days and minutes below are its local time. */
  timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday (as Date#getUTCDay); a day without ranges is closed. */
  week: readonly (readonly OpenRange[])[];
}

/** Where the alerts read a station's hours; null = always open. */
export type OpeningHoursSource = (station: { id: string; store: string }) => Promise<OpeningHours | null>;

export const alwaysOpen: OpeningHoursSource = async () => null;

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at `ms`, in ms (positive east). */
function offsetAt(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Counted back at most this far: alert thresholds are at most a week. */
const LOOK_BACK_MS = 31 * DAY_MS;

/** How many ms of [a, b) fall in opening hours (null hours: all of it; at most 31 days back). */
export function openMsBetween(hours: OpeningHours | null, a: number, b: number): number {
  const from = Math.max(a, b - LOOK_BACK_MS);
  if (b <= from) return 0;
  if (!hours) return b - from;
  const tz = hours.timeZone;
  const localDay = (ms: number) => Math.floor((ms + offsetAt(tz, ms)) / DAY_MS) * DAY_MS;
  let total = 0;
  // Each local day around [from, b): its ranges placed in UTC with that day's offset (at noon).
  for (let day = localDay(from) - DAY_MS; day <= localDay(b) + DAY_MS; day += DAY_MS) {
    const offset = offsetAt(tz, day + DAY_MS / 2 - offsetAt(tz, day));
    for (const [open, close] of hours.week[new Date(day).getUTCDay()] ?? []) {
      const start = day - offset + open * 60_000;
      const end = day - offset + close * 60_000;
      total += Math.max(0, Math.min(end, b) - Math.max(start, from));
    }
  }
  return total;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The policy's hours (`HH:MM` per weekday, an interval closing before it opens runs past
 * midnight) as the alerts count them. No hours, or no zone named (the station's own zone, which
 * the hub cannot know), is null: every hour counts, so an alert comes early rather than never.
 */
export function hoursFromPolicy(
  hours: PolicyHours | null | undefined,
  timeZone: string | undefined,
): OpeningHours | null {
  if (!hours || !timeZone) return null;
  const week: OpenRange[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, i) => {
    for (const { open, close } of hours[day] ?? []) {
      const [from, to] = [minutes(open), minutes(close)];
      if (to > from) week[i]!.push([from, to]);
      else {
        // Past midnight: the rest of this day, and the next day's start.
        week[i]!.push([from, 1440]);
        if (to > 0) week[(i + 1) % 7]!.push([0, to]);
      }
    }
  });
  return { timeZone, week };
}

/** The station's effective policy's hours (policy.ts `effectiveFor`). */
export function policyOpeningHours(
  effectiveFor: (station: { id: string; store: string }) => Promise<EffectivePolicy>,
): OpeningHoursSource {
  return async (station) => {
    const { policy } = await effectiveFor(station);
    return hoursFromPolicy(policy.kioskOpeningHours, policy.kioskTimeZone);
  };
}
