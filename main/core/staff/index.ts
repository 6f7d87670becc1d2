/** The staff room's door: staff members, who is signed in, and the idle sign-out. */
export { createStaffRoster, type StaffRoster, type StaffRosterOptions } from './staff-roster.ts';
