/**
 * `npm run hub` without STRIPE_SECRET_KEY: the embedded Stripe Identity simulator plays Stripe,
 * with a webhook endpoint pointing at this hub. The one place the hub touches main/: the
 * simulator plays Stripe and knows nothing of the app (the hub never imports the app's core).
 */
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../../contract/stripe-api-version.ts';
import { startSimulator } from '../../main/simulator/index.ts';

export interface DevStripe {
  secretKey: string;
  target: { host: string; port: number; protocol: 'http' };
  url: string;
  /** Points the simulator's webhooks at the hub; resolves with the endpoint's signing secret. */
  connect(webhookUrl: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDevStripe(): Promise<DevStripe> {
  const sim = await startSimulator({ processingDelayMs: 2000 });
  const target = { host: sim.host, port: sim.port, protocol: sim.protocol };
  return {
    secretKey: sim.secretKey,
    target,
    url: sim.url,
    async connect(webhookUrl) {
      const stripe = new Stripe(sim.secretKey, {
        apiVersion: STRIPE_API_VERSION,
        ...target,
        telemetry: false,
      });
      const endpoint = await stripe.webhookEndpoints.create({ url: webhookUrl, enabled_events: ['*'] });
      return endpoint.secret ?? '';
    },
    close: () => sim.close(),
  };
}
