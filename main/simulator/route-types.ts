/**
 * What a route of the simulator's API is: its own file, so the Identity routes (api-routes.ts)
 * and the webhook-endpoint routes (webhook-routes.ts) both use it without importing each other.
 */
import type { FormObject } from './form-encoding.ts';
import type { KeyAccess } from './key-access.ts';
import type { RequestContext } from './session-records.ts';
import type { SimulatorStore } from './simulator-state.ts';
import type { WebhookDispatcher } from './webhooks.ts';

export interface ApiRequest {
  params: FormObject;
  path: Record<string, string>;
  context: RequestContext;
  /** Which kind of key sent the request (key-access.ts decides what it may read). */
  access: KeyAccess;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Route name for stats, e.g. 'POST /v1/identity/verification_sessions/:id/cancel'. */
  key: string;
  handle(store: SimulatorStore, request: ApiRequest, webhooks: WebhookDispatcher): unknown;
}
