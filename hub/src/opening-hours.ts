/**
 * A store's opening hours, as the alerts ask for them: "is a station that has been offline since
 * `a` offline for more than N minutes of its opening hours by `b`?".
 *
 * Where the hours come from is one function (`OpeningHoursSource`). Until the fleet policy
 * (issue 18, item 1) carries opening hours, the hub's default source says "always open" (an
 * offline station alerts after N minutes at any hour); `startHub({ openingHours })` takes another
 * source, and the policy's effective hours for a station are what it should read.
 */

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
