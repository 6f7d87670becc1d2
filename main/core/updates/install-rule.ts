/**
 * "May we install the downloaded update now?" — one pure rule, decided again at every moment the
 * shell could install (each minute, and whenever a verification ends):
 * - never while a verification is open on this station (a customer mid-flow, a session the
 *   station still follows): installing restarts the app;
 * - on a kiosk, never within its opening hours (nor when they cannot be read: unknown is treated
 *   as open), so the update waits for the night;
 * - otherwise, yes.
 */
export type OpeningNow = 'open' | 'closed' | 'no_hours' | 'unknown';

export interface InstallSituation {
  /** Verifications open on this station: followed sessions, plus a customer mid-flow. */
  openVerifications: number;
  kiosk: boolean;
  /** The kiosk's opening hours at this moment (from its Settings). */
  opening: OpeningNow;
}

export type InstallDecision =
  { install: true } | { install: false; reason: 'verification_open' | 'opening_hours' };

export function mayInstallNow(s: InstallSituation): InstallDecision {
  if (s.openVerifications > 0) return { install: false, reason: 'verification_open' };
  if (s.kiosk && (s.opening === 'open' || s.opening === 'unknown')) {
    return { install: false, reason: 'opening_hours' };
  }
  return { install: true };
}

/** When staff can expect the install: tonight (a kiosk with opening hours) or once no verification is open. */
export function installsWhen(kiosk: boolean, opening: OpeningNow): 'tonight' | 'when_idle' {
  return kiosk && opening !== 'no_hours' ? 'tonight' : 'when_idle';
}
