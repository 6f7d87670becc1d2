/**
 * What the console shows of a session beyond its record: the steps it went through and Stripe's
 * last error reason. Kept in memory only (they are worth no disk write) and per backend.
 */
export interface TimelineStep {
  type: string;
  at: number;
}

const MAX_STEPS = 100;

export interface Timelines {
  /** Adds a step, unless it repeats the last one (a cancel seen both in its answer and its event). */
  add(sessionId: string, type: string, at: number): void;
  steps(sessionId: string): TimelineStep[];
  setReason(sessionId: string, reason: string | null): void;
  reason(sessionId: string): string | null;
}

export function createTimelines(): Timelines {
  const steps = new Map<string, TimelineStep[]>();
  const reasons = new Map<string, string | null>();
  return {
    add(sessionId, type, at) {
      const list = steps.get(sessionId) ?? [];
      if (list[list.length - 1]?.type === type) return;
      list.push({ type, at });
      steps.set(sessionId, list.slice(-MAX_STEPS));
    },
    steps: (sessionId) => [...(steps.get(sessionId) ?? [])].sort((a, b) => a.at - b.at),
    setReason: (sessionId, reason) => void reasons.set(sessionId, reason),
    reason: (sessionId) => reasons.get(sessionId) ?? null,
  };
}
