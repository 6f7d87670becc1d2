/**
 * The reference a kiosk gives a verification the customer starts alone (staff type their own at
 * the counter): "Kiosk <station> <local date and time> <6 random characters>".
 */
import { randomBytes } from 'node:crypto';

/** The time in the station's zone, like "today"; the suffix keeps customers in the same minute apart. */
export function kioskReference(station: string, now: number, suffix = randomSuffix()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `Kiosk ${station.slice(0, 64)} ${local} ${suffix}`;
}

/**
 * Kiosk references that never repeat: 6 random characters (about 10^9 values per minute, so
 * two runs of the app practically never meet), and within this run the references already given
 * this minute are remembered and a clash is drawn again, so none repeats even in a burst.
 */
export function createKioskReferences(
  station: string,
  suffix: () => string = randomSuffix,
): { next(now: number): string } {
  let minute = '';
  const given = new Set<string>();
  return {
    next(now) {
      for (;;) {
        const reference = kioskReference(station, now, suffix());
        const thisMinute = reference.slice(0, reference.lastIndexOf(' '));
        if (thisMinute !== minute) {
          minute = thisMinute;
          given.clear();
        }
        if (!given.has(reference)) {
          given.add(reference);
          return reference;
        }
      }
    },
  };
}

const SUFFIX_LENGTH = 6;
/** [0-9A-Z] without look-alikes (no 0/O, 1/I): 32 symbols, so a byte maps without bias. */
const SUFFIX_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function randomSuffix(): string {
  return [...randomBytes(SUFFIX_LENGTH)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}
