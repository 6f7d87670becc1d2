/**
 * Issue 8, item 3 (#9): the app stops while a creation request is on its way, and the request
 * reaches Stripe a moment after the restart's first look-up. The history must not call it "never
 * made": it says `checking` until a later look-up finds the session, and then records it.
 *
 * "Stripe" is a simulator over HTTP with a latency fault; the stop is a kill as the disk sees it:
 * the first core's stores take no more writes from that moment on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppCore, type AppCore } from '../../main/core/app-core.ts';
import type { StoreFactory } from '../../main/core/durable-doc.ts';
import { silentLogger } from '../../main/core/logger.ts';
import { RECHECK_DELAYS_MS } from '../../main/core/reconcile.ts';
import type { Keychain } from '../../main/core/vault.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { eventually } from '../helpers/backend.ts';
import { confStoreFactory } from '../helpers/conf-store.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const SERVICE = 'countersign-interrupted-test';

function keychainWith(key: string): Keychain {
  const data = new Map<string, string>([[`${SERVICE}/default`, key]]);
  return {
    getPassword: async (s, a) => data.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void data.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => data.delete(`${s}/${a}`),
  };
}

/** Stores that stop writing when `kill()` is called: what a killed process leaves on disk. */
function killable(factory: StoreFactory): { factory: StoreFactory; kill: () => void } {
  let dead = false;
  return {
    kill: () => (dead = true),
    factory: (name, options) => {
      const store = factory(name, options);
      return {
        get: (k) => store.get(k),
        has: (k) => store.has(k),
        set: (k, v) => void (dead || store.set(k, v)),
        delete: (k) => void (dead || store.delete(k)),
      };
    },
  };
}

describe('a creation interrupted by a stop', () => {
  let stripe: RunningSimulator;
  let dir: string;
  before(async () => {
    stripe = await startSimulator({ processingDelayMs: 20 });
    dir = mkdtempSync(join(tmpdir(), 'countersign-interrupted-'));
  });
  after(async () => {
    await stripe.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says checking, not failed, and records the session once Stripe has it', async () => {
    const base = {
      keychain: keychainWith(stripe.secretKey),
      keychainService: SERVICE,
      station: 'counter-1',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({}),
      apiTarget: { host: stripe.host, port: stripe.port, protocol: stripe.protocol },
    };
    const first = killable(confStoreFactory(dir));
    const a = await createAppCore({ ...base, storeFactory: first.factory });
    await a.reconciled();
    stripe.setFaults({ latencyMs: 1500 });
    const creates = () => stripe.stats().byRoute['POST /v1/identity/verification_sessions'] ?? 0;
    const sentBefore = creates();
    const pending = a.handlers['sessions.start'](
      { type: 'document', reference: 'Interrupted 1' },
      { window: 'staff' },
    ).catch(() => undefined);
    // The request has reached Stripe (it waits there); the app is killed now.
    await eventually(() => (creates() > sentBefore ? true : undefined));
    first.kill();
    // Only that request is slow; the restart's look-up is answered at once.
    stripe.setFaults({ latencyMs: 0 });

    const clock = new ManualClock(Date.now());
    let b: AppCore | undefined;
    try {
      b = await createAppCore({ ...base, storeFactory: confStoreFactory(dir), clock });
      await b.reconciled();
      const search = async () =>
        (
          await b!.handlers['history.search'](
            { reference: 'Interrupted 1', page: 0, pageSize: 10 },
            { window: 'staff' },
          )
        ).rows[0];
      const checking = await search();
      assert.equal(checking?.status, 'queued', 'not marked failed after one look-up');
      assert.equal(checking?.lastErrorCode, 'checking');

      // The delayed request is carried out on Stripe a moment later.
      await eventually(
        () =>
          stripe.sessions().some((s) => s.client_reference_id === checking?.clientReferenceId)
            ? true
            : undefined,
        5000,
      );
      const resolved = await eventually(async () => {
        await clock.advanceAsync(RECHECK_DELAYS_MS[0]!);
        const row = await search();
        return row?.id ? row : undefined;
      });
      assert.equal(resolved.status, 'requires_input');
      assert.equal(resolved.lastErrorCode, null);
      const onStripe = stripe.sessions().filter((s) => s.client_reference_id === checking?.clientReferenceId);
      assert.equal(onStripe.length, 1);
      assert.equal(resolved.id, onStripe[0]!.id, 'the history tells the truth about Stripe');
    } finally {
      await b?.close();
      await pending;
      await a.close();
    }
  });
});
