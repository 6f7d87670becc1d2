/**
 * The one rule for a PIN staff may choose (the kiosk's staff PIN, a staff member's PIN), written
 * once: the station checks it before it hashes a PIN (main/core/kiosk/kiosk-pin.ts), and the hub
 * checks it before it hashes a PIN typed on the fleet page (hub/src/staff.ts).
 */
import { PIN_DIGITS } from './bounds.ts';
import type { TrivialPinReason } from './error-messages.ts';

/**
 * PINs people pick most often that no simple rule below catches (keypad column, years, "1004").
 * The rules catch the rest of the usual ones: one digit repeated, runs up or down, a repeated pair.
 */
const COMMON_PINS: ReadonlySet<string> = new Set([
  '2580',
  '0852',
  '1004',
  '2000',
  '1122',
  '1313',
  '6969',
  '1379',
  '1470',
  '147258',
  '123123',
  '159753',
  '112233',
]);

export const TRIVIAL_PIN_ENGLISH: Readonly<Record<TrivialPinReason, string>> = {
  repeated_digit: 'it repeats one digit',
  run: 'it is a run of digits',
  repeated_pattern: 'it repeats a shorter pattern',
  common: 'it is one of the most common PINs',
};

/** Why a PIN of the right length is too easy to guess, as a reason id, or null when it is not. */
export function trivialPinKind(pin: string): TrivialPinReason | null {
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'repeated_digit';
  const steps = digits.slice(1).map((d, i) => d - (digits[i] as number));
  // 0123, 1234, 6789 and 9876, 4321; also the wrap-around 7890 and 0987 people type on a keyboard row.
  if (steps.every((s) => s === 1 || s === -9) || steps.every((s) => s === -1 || s === 9)) return 'run';
  for (const size of [2, 3, 4]) {
    if (pin.length > size && pin.length % size === 0 && pin === pin.slice(0, size).repeat(pin.length / size))
      return 'repeated_pattern';
  }
  if (COMMON_PINS.has(pin)) return 'common';
  return null;
}

/** What is wrong with a PIN someone wants to set: the English words and the text's id. */
export type PinProblem =
  | { message: string; text: { id: 'pin_digits_only'; params: Record<string, never> } }
  | { message: string; text: { id: 'pin_length'; params: { min: number; max: number } } }
  | { message: string; text: { id: 'pin_too_easy'; params: { reason: TrivialPinReason } } };

/**
 * Why a PIN may not be set, or null when it may. Only ASCII digits count: a PIN pad offers
 * nothing else, and other scripts' digits would make the same PIN typeable in two ways.
 */
export function pinProblem(pin: unknown): PinProblem | null {
  if (typeof pin !== 'string' || !/^[0-9]*$/.test(pin)) {
    return { message: 'The PIN can only contain digits (0–9).', text: { id: 'pin_digits_only', params: {} } };
  }
  if (pin.length < PIN_DIGITS.min || pin.length > PIN_DIGITS.max) {
    return {
      message: `The PIN must have ${PIN_DIGITS.min} to ${PIN_DIGITS.max} digits.`,
      text: { id: 'pin_length', params: { min: PIN_DIGITS.min, max: PIN_DIGITS.max } },
    };
  }
  const reason = trivialPinKind(pin);
  if (reason === null) return null;
  return {
    message: `This PIN is too easy to guess (${TRIVIAL_PIN_ENGLISH[reason]}). Choose digits that are not a run, a repeat or a common PIN such as 0000 or 1234.`,
    text: { id: 'pin_too_easy', params: { reason } },
  };
}
