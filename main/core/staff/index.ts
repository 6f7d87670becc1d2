/** The staff room's door: staff members, who is signed in, the idle sign-out, the way back. */
export { createStaffRoster, type StaffRoster, type StaffRosterOptions } from './staff-roster.ts';
export {
  createStaffRecovery,
  makeRecoveryCode,
  normalizeRecoveryCode,
  type StaffRecovery,
  type StaffRecoveryOptions,
} from './staff-recovery.ts';
export { openStationStaff, type StationStaffOptions } from './staff-opening.ts';
