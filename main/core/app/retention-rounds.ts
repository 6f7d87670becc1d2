/**
 * Retention runs on timers too, not only at start: a kiosk may run for months. Daily, the
 * history and the audit trail are pruned to the retention period; hourly, one round of
 * redaction at Stripe by the settings (auto-redact.ts). The timers never keep the process alive.
 */
const HOUR_MS = 60 * 60 * 1000;

export function startRetentionRounds(o: { prune: () => void; redact: () => Promise<unknown> }): () => void {
  const daily = setInterval(o.prune, 24 * HOUR_MS);
  daily.unref?.();
  const hourly = setInterval(() => void o.redact(), HOUR_MS);
  hourly.unref?.();
  return () => {
    clearInterval(daily);
    clearInterval(hourly);
  };
}
