/**
 * Staff sign-in as the app opens it: the `staff` store (members, their PINs' hashes, the hub's
 * roster, the recovery code's hash), the roster over it and the way back beside it.
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import { openSmallStore, type StoreFactory } from '../storage/index.ts';
import { createStaffRecovery, type StaffRecovery } from './staff-recovery.ts';
import { createStaffRoster, type StaffRoster } from './staff-roster.ts';

export interface StationStaffOptions {
  storeFactory: StoreFactory;
  clock: Clock;
  logger: Logger;
  /** The hub's policy's idle minutes (`staffIdleMinutes`), which win over the station's own. */
  policyIdleMinutes: () => number | undefined;
}

export function openStationStaff(o: StationStaffOptions): { staff: StaffRoster; recovery: StaffRecovery } {
  const { store, damaged } = openSmallStore(o.storeFactory, 'staff');
  if (damaged) o.logger.warn('staff store: unreadable; staff members must be added again');
  const staff = createStaffRoster({ store, clock: o.clock, policyIdleMinutes: o.policyIdleMinutes });
  return { staff, recovery: createStaffRecovery({ store, clock: o.clock, roster: staff }) };
}
