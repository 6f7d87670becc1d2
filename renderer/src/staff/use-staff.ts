/**
 * Staff sign-in as the console sees it: the status from main (who is signed in, the members),
 * kept live by `staff.changed` (an idle sign-out included), and what the person may do, read
 * from the contract's one role table. Main enforces the table; the console only hides what
 * would be refused.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { MethodName, StaffStatus } from '../../../contract/ipc.ts';
import { METHOD_ROLES, roleAllows } from '../../../contract/roles.ts';
import { call, subscribe } from '../shared/ipc-client.ts';

export interface StaffState {
  status: StaffStatus | null;
  /** Whether the person signed in (anyone, while sign-in is off) may call `method`. */
  can(method: MethodName): boolean;
  refresh(): void;
}

export function useStaff(): StaffState {
  const [status, setStatus] = useState<StaffStatus | null>(null);
  const refresh = useCallback(() => {
    call('staff.status').then(setStatus, () => undefined);
  }, []);
  useEffect(() => {
    const stop = subscribe('staff.changed', setStatus);
    refresh();
    return stop;
  }, [refresh]);
  const can = useCallback(
    (method: MethodName) =>
      !status || !status.enabled || roleAllows(status.signedIn?.role ?? null, METHOD_ROLES[method]),
    [status],
  );
  return { status, can, refresh };
}

/** The console's one staff state, for the parts deep in it (the detail's buttons). */
export const StaffContext = createContext<StaffState>({ status: null, can: () => true, refresh: () => {} });
export const useStaffContext = (): StaffState => useContext(StaffContext);
