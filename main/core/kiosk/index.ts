/** The kiosk room's door: what the rest of the app may use of it. */
export { HELP_REPEAT_MS, createKioskJournal, type KioskJournal } from './kiosk-journal.ts';
export { assertAcceptablePin, createStaffPin, type StaffPin } from './kiosk-pin.ts';
export { hashSecret } from './pin-hash.ts';
export { createKioskReferences, kioskReference } from './kiosk-references.ts';
export { createKioskUnlock, secondsUntil } from './kiosk-unlock.ts';
export {
  DEFAULT_WALK_AWAY_SECONDS,
  WALK_AWAY_CANCEL_REASON,
  WALK_AWAY_SCREENS,
  createWalkAway,
  walkAwayDecision,
  type WalkAway,
  type WalkAwayDecision,
  type WalkAwayScreen,
} from './walk-away.ts';
export { followCustomerScreen } from './kiosk-following.ts';
