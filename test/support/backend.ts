/**
 * The backend a core test talks to: the embedded simulator over real HTTP by default, or
 * Stripe's own test mode when STRIPE_TEST_SECRET_KEY is set (for the parts Stripe lets a program
 * do: it has no API to complete the hosted flow, so those steps report that they skipped).
 */
import { createGateway, type Gateway } from '../../main/core/stripe/index.ts';
import { startSimulator } from '../../main/simulator/index.ts';
import { specCheck } from './stripe-spec.ts';
import type { Outcome, RunningSimulator, SimulatorOptions } from '../../main/simulator/index.ts';

export interface TestBackend {
  name: 'simulator' | 'stripe-test-mode';
  apiKey: string;
  gateway(overrides?: { apiKey?: string }): Gateway;
  /** Completes the hosted flow with an outcome; null on real Stripe (no API for it). */
  submit: ((sessionId: string, outcome: Outcome) => Promise<void>) | null;
  simulator: RunningSimulator | null;
  close(): Promise<void>;
}

export async function startSimulatorBackend(options: SimulatorOptions = {}): Promise<TestBackend> {
  const spec = specCheck();
  const sim = await startSimulator({ processingDelayMs: 30, onResponse: spec.onResponse, ...options });
  return {
    name: 'simulator',
    apiKey: sim.secretKey,
    gateway: (o = {}) => simulatorGateway(sim, o.apiKey),
    submit: (id, outcome) => sim.submit(id, outcome),
    simulator: sim,
    close: async () => {
      await sim.close();
      // Every answer the core received in the suite matched Stripe's spec.
      spec.assertClean();
    },
  };
}

export function stripeTestModeBackend(): TestBackend | null {
  const key = process.env.STRIPE_TEST_SECRET_KEY;
  if (!key) return null;
  if (!/^(sk|rk)_test_/.test(key)) throw new Error('STRIPE_TEST_SECRET_KEY must be a test-mode key');
  return {
    name: 'stripe-test-mode',
    apiKey: key,
    gateway: (o = {}) => createGateway({ apiKey: o.apiKey ?? key, maxNetworkRetries: 1 }),
    submit: null,
    simulator: null,
    close: async () => {},
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The app's gateway pointed at a simulator, without SDK retries (tests count requests). */
export function simulatorGateway(sim: RunningSimulator, apiKey = sim.secretKey): Gateway {
  return createGateway({
    apiKey,
    target: { host: sim.host, port: sim.port, protocol: sim.protocol },
    maxNetworkRetries: 0,
    timeoutMs: 5000,
  });
}

/** A gateway whose Events API never mentions one session: its events lag, or Stripe dropped them. */
export function withoutEventsFor(gateway: Gateway, sessionId: string): Gateway {
  return {
    ...gateway,
    listEvents: async (params) => {
      const page = await gateway.listEvents(params);
      return { ...page, data: page.data.filter((e) => (e.data.object as { id: string }).id !== sessionId) };
    },
  };
}
