/** Shared set-up for the simulator tests: a simulator per suite and an SDK client that checks every body. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../main/simulator/index.ts';
import { ManualClock } from './manual-clock.ts';
import { createCheckedStripe, type CheckedStripe } from './stripe-spec.ts';

// Long enough that a test can see `processing` before the result even on a loaded machine.
export const PROCESSING_DELAY_MS = 400;

export async function startChecked(
  options: SimulatorOptions = {},
): Promise<{ sim: RunningSimulator; client: CheckedStripe }> {
  const sim = await startSimulator({ processingDelayMs: PROCESSING_DELAY_MS, ...options });
  return { sim, client: createCheckedStripe(sim) };
}

/** Closes the simulator after the suite (call inside describe) and fails if any response broke Stripe's schema. */
export function finish(sim: RunningSimulator, client: CheckedStripe): void {
  after(async () => {
    await sim.close();
    assert.deepEqual(client.violations, [], 'every response matches Stripe spec');
  });
}

/** Resolves when the session reaches `status` (via the simulator's status notifications). */
export function waitForStatus(
  sim: RunningSimulator,
  sessionId: string,
  status: string,
  timeoutMs = 5000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const current = sim.sessions().find((s) => s.id === sessionId);
    if (current?.status === status && status !== 'requires_input') {
      resolve(Date.now());
      return;
    }
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`session ${sessionId} did not reach ${status} in ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = sim.onStatusChange((id, s, at) => {
      if (id === sessionId && s === status) {
        clearTimeout(timer);
        stop();
        resolve(at);
      }
    });
  });
}

/**
 * The shared manual clock, set in whole seconds: the simulator's `created` filters have Stripe's
 * 1-second resolution.
 */
export function manualClock(startSeconds = 1_800_000_000) {
  const clock = new ManualClock(startSeconds * 1000);
  return {
    now: clock.now,
    set: (seconds: number) => clock.set(seconds * 1000),
    advance: (ms: number) => clock.advance(ms),
  };
}
