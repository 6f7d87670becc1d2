/**
 * The kiosk's opening hours now, as the core's install rule reads them (pure; no Electron):
 * `no_hours` when none are set, `unknown` when they or the time zone cannot be read (the rule
 * then treats the kiosk as open), else `open` or `closed` by kiosk-lockdown's `isOpen`.
 */
import type { OpeningNow } from '../core/index.ts';
import { isOpen, openingHoursProblem, type OpeningHours } from './kiosk-lockdown.ts';

export function openingNow(
  settings: { kioskOpeningHours: OpeningHours | null; kioskTimeZone: string },
  now: number,
  localTimeZone: string,
): OpeningNow {
  const hours = settings.kioskOpeningHours;
  if (hours === null) return 'no_hours';
  if (openingHoursProblem(hours) !== null) return 'unknown';
  const open = isOpen(hours, now, settings.kioskTimeZone || localTimeZone);
  return open === null ? 'unknown' : open ? 'open' : 'closed';
}
