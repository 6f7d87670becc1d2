/**
 * The kiosk settings form as text and back (pure, unit-tested): the walk-away time, one opening
 * interval per weekday (both empty: closed that day; no day open at all: no opening hours, the
 * display stays on) and the time zone. Errors are catalogue keys of the `kiosk` namespace.
 */
import {
  isKnownTimeZone,
  WALK_AWAY_BOUNDS,
  WEEKDAYS,
  type OpeningInterval,
  type Settings,
  type Weekday,
} from '../../../contract/ipc.ts';

export interface KioskSettingsText {
  walkAway: string;
  timeZone: string;
  hours: Record<Weekday, { open: string; close: string }>;
}

export type KioskSettingsUpdate = Pick<
  Settings,
  'kioskWalkAwaySeconds' | 'kioskOpeningHours' | 'kioskTimeZone'
>;

export interface KioskSettingsErrors {
  walkAway?: 'settings.walkAwayInvalid';
  timeZone?: 'settings.timeZoneInvalid';
  /** The first day whose times cannot be used. */
  hours?: Weekday;
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function toKioskText(s: KioskSettingsUpdate): KioskSettingsText {
  const hours = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const first = s.kioskOpeningHours?.[day]?.[0];
      return [day, { open: first?.open ?? '', close: first?.close ?? '' }];
    }),
  ) as KioskSettingsText['hours'];
  return { walkAway: String(s.kioskWalkAwaySeconds), timeZone: s.kioskTimeZone, hours };
}

export function checkKioskText(text: KioskSettingsText): {
  update: KioskSettingsUpdate | null;
  errors: KioskSettingsErrors;
} {
  const errors: KioskSettingsErrors = {};
  const walkAway = text.walkAway.trim();
  const seconds = /^[0-9]{1,5}$/.test(walkAway) ? Number(walkAway) : NaN;
  if (!(seconds === 0 || (seconds >= WALK_AWAY_BOUNDS.min && seconds <= WALK_AWAY_BOUNDS.max)))
    errors.walkAway = 'settings.walkAwayInvalid';
  const timeZone = text.timeZone.trim();
  if (!isKnownTimeZone(timeZone)) errors.timeZone = 'settings.timeZoneInvalid';
  const hours: Partial<Record<Weekday, OpeningInterval[]>> = {};
  for (const day of WEEKDAYS) {
    const open = text.hours[day].open.trim();
    const close = text.hours[day].close.trim();
    if (open === '' && close === '') continue;
    if (!HHMM.test(open) || !HHMM.test(close) || open === close) {
      errors.hours ??= day;
      continue;
    }
    hours[day] = [{ open, close }];
  }
  if (Object.keys(errors).length > 0) return { update: null, errors };
  return {
    update: {
      kioskWalkAwaySeconds: seconds,
      kioskOpeningHours: Object.keys(hours).length > 0 ? hours : null,
      kioskTimeZone: timeZone,
    },
    errors,
  };
}
