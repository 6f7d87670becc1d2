/**
 * What the console shows of a session beyond its record: the steps it went through and Stripe's
 * last error reason. Kept in memory only (they are worth no disk write) and per backend.
 *
 * Steps are keyed by session id; a creation still queued has none yet, so its steps (`queued`)
 * are kept under its client_reference_id and joined to the session's when it is created.
 */
export interface TimelineStep {
  type: string;
  at: number;
}

const MAX_STEPS = 100;
/** Steps that happen once in a session's life, whoever reports them (the app, then an event). */
const ONCE: ReadonlySet<string> = new Set([
  'queued',
  'created',
  'verified',
  'canceled',
  'redacted',
  'withdrawn',
]);

export interface Timelines {
  /**
   * Adds a step, unless it repeats the last one (a cancel seen both in its answer and its event)
   * or is a once-only step already there (created by the app and by Stripe's event).
   */
  add(key: string, type: string, at: number): void;
  steps(key: string): TimelineStep[];
  /** A queued creation became this session: its steps join the session's. */
  link(clientReferenceId: string, sessionId: string): void;
  setReason(sessionId: string, reason: string | null): void;
  reason(sessionId: string): string | null;
}

/**
 * Nothing happens to a session before it exists: a queued creation comes first, then its
 * creation, then the rest by time. The creation's time is Stripe's and the other steps' are
 * this machine's, so a clock a few seconds behind Stripe's would otherwise list "Created" after
 * what followed it.
 */
const rank = (type: string): number => (type === 'queued' ? 0 : type === 'created' ? 1 : 2);
const inOrder = (a: TimelineStep, b: TimelineStep) => rank(a.type) - rank(b.type) || a.at - b.at;

export function createTimelines(): Timelines {
  const steps = new Map<string, TimelineStep[]>();
  const reasons = new Map<string, string | null>();
  const add = (key: string, type: string, atMs: number) => {
    // Stripe's events carry whole seconds: the app's own steps are kept at the same precision, so
    // a step the app saw first is not sorted after an event of the same second.
    const at = Math.floor(atMs / 1000) * 1000;
    const list = steps.get(key) ?? [];
    if (list[list.length - 1]?.type === type) return;
    if (ONCE.has(type) && list.some((s) => s.type === type)) return;
    list.push({ type, at });
    steps.set(key, list.slice(-MAX_STEPS));
  };
  return {
    add,
    steps: (key) => [...(steps.get(key) ?? [])].sort(inOrder),
    link(clientReferenceId, sessionId) {
      const early = steps.get(clientReferenceId);
      if (!early) return;
      steps.delete(clientReferenceId);
      const later = steps.get(sessionId) ?? [];
      steps.set(sessionId, []);
      for (const step of [...early, ...later].sort(inOrder)) add(sessionId, step.type, step.at);
    },
    setReason: (sessionId, reason) => void reasons.set(sessionId, reason),
    reason: (sessionId) => reasons.get(sessionId) ?? null,
  };
}
