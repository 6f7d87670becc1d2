/** The fleet page's calls for staff members (staff-routes.ts). */
import type { HubMemberShown, HubStaffAnswer } from '../../../contract/hub-staff.ts';
import type { StaffRole } from '../../../contract/staff.ts';
import { answer, post } from './api.ts';

type Changed = { member: HubMemberShown };
const member = (id: string, what: string) => `/fleet/api/staff/${encodeURIComponent(id)}/${what}`;

export const staffApi = {
  list: async (store: string) =>
    answer<HubStaffAnswer>(
      await fetch(`/fleet/api/staff?store=${encodeURIComponent(store)}`, { credentials: 'same-origin' }),
    ),
  add: (input: { store: string; name: string; role: StaffRole; pin: string }) =>
    post<Changed>('/fleet/api/staff', input),
  setRole: (id: string, role: StaffRole) => post<Changed>(member(id, 'role'), { role }),
  resetPin: (id: string, pin: string) => post<Changed>(member(id, 'pin'), { pin }),
  remove: (id: string) => post<Changed>(member(id, 'remove'), {}),
};
