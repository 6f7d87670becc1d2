/**
 * Webhook endpoints and signed deliveries, as Stripe does them: each event is POSTed as JSON to
 * every enabled endpoint whose `enabled_events` match, with a `Stripe-Signature: t=…,v1=…` header
 * (HMAC-SHA256 of `t.payload` with the endpoint's secret, re-signed on each attempt); a delivery
 * that does not get a 2xx is retried with exponential backoff. Because Stripe may deliver late,
 * twice, or out of order, tests can ask for each of those (`setFaults`).
 */
import { createHmac } from 'node:crypto';
import { resourceMissing } from './stripe-errors.ts';
import { randomAlphanumeric } from './ids.ts';
import { renderEvent } from './objects.ts';
import type { EventRecord } from './session-records.ts';

export interface WebhookEndpointRecord {
  id: string;
  seq: number;
  created: number;
  url: string;
  enabledEvents: string[];
  /** The version events are rendered in for this endpoint; null is the account's (the pinned one). */
  apiVersion: string | null;
  description: string | null;
  metadata: Record<string, string>;
  secret: string;
}

export interface WebhookFaults {
  /** Every delivery attempt waits this long before it is sent. */
  delayMs: number;
  /** Each delivery is sent this many extra times (Stripe may deliver an event more than once). */
  duplicates: number;
  /**
   * Deliveries are held until this many are waiting, then sent newest first (0 or 1: in order).
   * Whatever is held is sent when the window is lowered or on flush.
   */
  reorderWindow: number;
}

export interface WebhookOptions {
  /** First retry after this long, doubling each time; default 1000. */
  retryBaseMs?: number | undefined;
  /** Attempts per delivery, the first included; default 5. */
  maxAttempts?: number | undefined;
}

export interface DeliveryAttempt {
  eventId: string;
  endpointId: string;
  attempt: number;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
}

interface Delivery {
  event: EventRecord;
  endpoint: WebhookEndpointRecord;
  attempt: number;
}

/** Stripe's signature header for a payload: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`. */
export function signPayload(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

function matches(enabled: readonly string[], type: string): boolean {
  return enabled.includes('*') || enabled.includes(type);
}

export class WebhookDispatcher {
  readonly endpoints = new Map<string, WebhookEndpointRecord>();
  readonly attempts: DeliveryAttempt[] = [];
  private faults: WebhookFaults = { delayMs: 0, duplicates: 0, reorderWindow: 0 };
  /** Deliveries held back by the reorder window, per endpoint. */
  private held = new Map<string, Delivery[]>();
  private readonly attemptListeners = new Set<(attempt: DeliveryAttempt) => void>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;
  private seq = 0;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly now: () => number,
    options: WebhookOptions = {},
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  createEndpoint(input: {
    url: string;
    enabledEvents: string[];
    apiVersion: string | null;
    description?: string | undefined;
    metadata?: Record<string, string> | undefined;
  }): WebhookEndpointRecord {
    this.seq += 1;
    const endpoint: WebhookEndpointRecord = {
      id: `we_${this.seq.toString(36).padStart(8, '0')}${randomAlphanumeric(16)}`,
      seq: this.seq,
      created: Math.floor(this.now() / 1000),
      url: input.url,
      enabledEvents: [...input.enabledEvents],
      apiVersion: input.apiVersion,
      description: input.description ?? null,
      metadata: { ...(input.metadata ?? {}) },
      secret: `whsec_${randomAlphanumeric(32)}`,
    };
    this.endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  getEndpoint(id: string): WebhookEndpointRecord {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) throw resourceMissing('webhook_endpoint', id, 'webhook_endpoint');
    return endpoint;
  }

  setFaults(update: Partial<WebhookFaults>): void {
    const next = { ...this.faults, ...update };
    for (const [key, value] of Object.entries(next)) {
      if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`${key} must be a whole number of 0 or more`);
    }
    this.faults = next;
    for (const [endpointId, held] of this.held) {
      if (held.length >= Math.max(1, next.reorderWindow)) this.flush(endpointId);
    }
  }

  /** Called after every delivery attempt (tests wait on this instead of polling). */
  onAttempt(listener: (attempt: DeliveryAttempt) => void): () => void {
    this.attemptListeners.add(listener);
    return () => this.attemptListeners.delete(listener);
  }

  /**
   * Sends what the reorder window holds (for one endpoint, or all), newest first and one after
   * the other, so the receiver sees exactly that order.
   */
  flush(endpointId?: string): void {
    const ids = endpointId === undefined ? [...this.held.keys()] : [endpointId];
    for (const id of ids) {
      const batch = (this.held.get(id) ?? []).reverse();
      this.held.delete(id);
      void batch.reduce<Promise<void>>(
        (previous, delivery) => previous.then(() => this.afterDelay(() => this.attempt(delivery, false))),
        Promise.resolve(),
      );
    }
  }
  /** Called for every new event: one delivery per matching endpoint. */
  enqueue(event: EventRecord): void {
    if (this.closed) return;
    for (const endpoint of this.endpoints.values()) {
      if (!matches(endpoint.enabledEvents, event.type)) continue;
      event.pendingWebhooks += 1;
      const delivery = { event, endpoint, attempt: 1 };
      if (this.faults.reorderWindow > 1) {
        const held = this.held.get(endpoint.id) ?? [];
        held.push(delivery);
        this.held.set(endpoint.id, held);
        if (held.length >= this.faults.reorderWindow) this.flush(endpoint.id);
      } else {
        this.send(delivery);
      }
      for (let i = 0; i < this.faults.duplicates; i += 1) this.send({ ...delivery, attempt: 1 }, true);
    }
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    if (ms <= 0) {
      queueMicrotask(() => !this.closed && fn());
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  private send(delivery: Delivery, duplicate = false): void {
    void this.afterDelay(() => this.attempt(delivery, duplicate));
  }

  /** Runs `fn` after the configured delivery delay; resolves when it is done (or never, once closed). */
  private afterDelay(fn: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => this.later(this.faults.delayMs, () => void fn().then(resolve)));
  }

  private async attempt(delivery: Delivery, duplicate: boolean): Promise<void> {
    const { event, endpoint } = delivery;
    const payload = JSON.stringify(renderEvent(event), null, 2);
    const controller = new AbortController();
    this.inFlight.add(controller);
    let status = 0;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        signal: controller.signal,
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signPayload(payload, endpoint.secret, Math.floor(this.now() / 1000)),
        },
        body: payload,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    } finally {
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    const record = { eventId: event.id, endpointId: endpoint.id, attempt: delivery.attempt, status };
    this.attempts.push(record);
    this.settle(delivery, status, duplicate);
    for (const listener of [...this.attemptListeners]) listener({ ...record });
  }

  private settle(delivery: Delivery, status: number, duplicate: boolean): void {
    // A duplicate is an extra copy: the original delivery settles the event's pending count.
    if (duplicate) return;
    if (status >= 200 && status < 300) {
      delivery.event.pendingWebhooks = Math.max(0, delivery.event.pendingWebhooks - 1);
      return;
    }
    // After the last attempt the event stays pending, as on Stripe (delivery_success=false).
    if (delivery.attempt >= this.maxAttempts) return;
    const backoff = this.retryBaseMs * 2 ** (delivery.attempt - 1);
    this.later(backoff, () => this.send({ ...delivery, attempt: delivery.attempt + 1 }));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.held.clear();
    this.attemptListeners.clear();
  }
}
