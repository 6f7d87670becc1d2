/**
 * Issue 8, item 9: the app stops while a creation request is on its way. The history must tell
 * the truth about Stripe: the restart sends the same request again under the same
 * Idempotency-Key while Stripe keeps it (24 hours), and the record says `checking` until that is
 * settled — a replayed answer is recorded, "still in progress" (409) is asked again later, a
 * session made only by the re-send (nobody waits for it) is canceled and recorded so; past the 24
 * hours the reference is looked up on the recheck schedule.
 *
 * "Stripe" is a simulator over HTTP (a latency fault keeps a request in transit;
 * `holdCreations` keeps one in progress on Stripe); the stop is a kill as the disk sees it: the
 * first core's stores take no more writes from that moment on. Later steps run on a manual clock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppCore, type AppCore, type Keychain, type StoreFactory } from '../../../main/core/index.ts';
import { idempotencyKeyFor } from '../../../main/core/sessions/index.ts';
import { isRequestInProgress } from '../../../main/core/stripe/index.ts';
import { createLogger, silentLogger } from '../../../base/logger.ts';
import { RECHECK_DELAYS_MS } from '../../../main/core/backend/index.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';
import { eventually, simulatorGateway } from '../../support/backend.ts';
import { confStoreFactory } from '../../support/conf-store.ts';
import { ManualClock } from '../../support/manual-clock.ts';

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

const DAY_MS = 24 * 60 * 60 * 1000;
/** The record's code for a session made by the recovery and canceled (reconcile.ts). */
const RECOVERED_UNWAITED = 'recovered_unwaited';

describe('the gateway on a repeated creation', () => {
  let stripe: RunningSimulator;
  before(async () => (stripe = await startSimulator({ processingDelayMs: 20 })));
  after(() => stripe.close());

  it('says whether the answer was replayed, and reads a 409 as "in progress, try later"', async () => {
    const gateway = simulatorGateway(stripe);
    const params = { type: 'document' as const, client_reference_id: 'cs_gateway_replay' };
    const key = idempotencyKeyFor('cs_gateway_replay');
    const hold = stripe.holdCreations();
    const first = gateway.createSession(params, key);
    try {
      await eventually(() => (hold.waiting() === 1 ? true : undefined));
      const refused = await gateway.createSession(params, key).then(
        () => assert.fail('a repeat while the first is in progress must be refused'),
        (error: unknown) => error,
      );
      assert.equal(isRequestInProgress(refused), true);
      assert.equal((refused as { retryable: boolean }).retryable, true);
    } finally {
      hold.release();
    }
    const made = await first;
    assert.equal(made.replayed, false);
    const again = await gateway.createSession(params, key);
    assert.equal(again.replayed, true);
    assert.equal(again.id, made.id);
    // Another key's refusal (other parameters) is not "in progress".
    const mismatch = await gateway
      .createSession({ ...params, metadata: { other: '1' } }, key)
      .catch((error: unknown) => error);
    assert.equal(isRequestInProgress(mismatch), false);
  });
});

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

  const creates = () => stripe.stats().byRoute['POST /v1/identity/verification_sessions'] ?? 0;
  const lookups = () => stripe.stats().byRoute['GET /v1/identity/verification_sessions'] ?? 0;
  const onStripe = (clientReferenceId: string | undefined) =>
    stripe.sessions().filter((s) => s.client_reference_id === clientReferenceId);

  /** Starts a creation on a first core and kills it once `reached()` says the request got far enough. */
  async function killMidCreation(storeDir: string, reference: string, reached: () => boolean) {
    const first = killable(confStoreFactory(storeDir));
    const a = await createAppCore({ ...base(), storeFactory: first.factory });
    await a.reconciled();
    const pending = a.handlers['sessions.start']({ type: 'document', reference }, { window: 'staff' }).catch(
      () => undefined,
    );
    await eventually(() => (reached() ? true : undefined));
    first.kill();
    return { a, pending };
  }

  // One keychain for both runs of a test, as on one machine: it keeps the key that seals the
  // parameters of a creation on its way.
  let keychain: Keychain;
  function base() {
    keychain ??= keychainWith(stripe.secretKey);
    return {
      keychain,
      keychainService: SERVICE,
      station: 'counter-1',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({}),
      apiTarget: { host: stripe.host, port: stripe.port, protocol: stripe.protocol },
    };
  }

  async function search(core: AppCore, reference: string) {
    const rows = (
      await core.handlers['history.search']({ reference, page: 0, pageSize: 10 }, { window: 'staff' })
    ).rows;
    assert.equal(rows.length, 1, 'one record per creation');
    return rows[0]!;
  }

  it('a request still in transit: the re-send makes the session, nobody waits, so it is canceled and recorded so', async () => {
    const storeDir = join(dir, 'transit');
    stripe.setFaults({ latencyMs: 1500 });
    const sentBefore = creates();
    const { a, pending } = await killMidCreation(storeDir, 'Interrupted 1', () => creates() > sentBefore);
    // Only that request is slow; the restart's requests are answered at once.
    stripe.setFaults({ latencyMs: 0 });

    const clock = new ManualClock(Date.now());
    let b: AppCore | undefined;
    try {
      b = await createAppCore({ ...base(), storeFactory: confStoreFactory(storeDir), clock });
      await b.reconciled();
      const row = await search(b, 'Interrupted 1');
      const sessions = onStripe(row.clientReferenceId);
      assert.equal(sessions.length, 1, 'the re-send made it');
      assert.equal(row.id, sessions[0]!.id, 'the history tells the truth about Stripe');
      assert.equal(row.status, 'canceled');
      assert.equal(row.lastErrorCode, RECOVERED_UNWAITED);
      assert.equal(sessions[0]!.status, 'canceled', 'canceled on Stripe too');
      const detail = await b.handlers['sessions.get']({ id: row.id! }, { window: 'staff' });
      assert.deepEqual(
        detail.timeline.map((t) => t.type),
        ['created', RECOVERED_UNWAITED, 'canceled'],
      );
      assert.match(
        detail.session.lastErrorReason ?? '',
        /recovering an interrupted start; nobody was waiting/,
      );

      // The first request arrives at last: Stripe gives it the same session, no second one.
      await pending;
      assert.equal(onStripe(row.clientReferenceId).length, 1);
    } finally {
      await b?.close();
      await pending;
      await a.close();
    }
  });

  it('a request still in progress on Stripe: "checking" through every recheck, then the replayed session is recorded', async () => {
    const storeDir = join(dir, 'in-progress');
    const hold = stripe.holdCreations();
    const { a, pending } = await killMidCreation(storeDir, 'Interrupted 2', () => hold.waiting() === 1);

    const clock = new ManualClock(Date.now());
    const stillMaking: string[] = [];
    const logger = createLogger((_level, line) => {
      if (line.includes('still making')) stillMaking.push(line);
    });
    let b: AppCore | undefined;
    try {
      b = await createAppCore({ ...base(), logger, storeFactory: confStoreFactory(storeDir), clock });
      await b.reconciled();
      const checking = await search(b, 'Interrupted 2');
      assert.equal(checking.status, 'queued', 'not failed');
      assert.equal(checking.lastErrorCode, 'checking');
      assert.equal(checking.phase, 'checking_creation');

      // Every recheck (and more) while Stripe is still making it: still checking, never failed.
      const rechecks = [...RECHECK_DELAYS_MS, RECHECK_DELAYS_MS.at(-1)!];
      for (const [i, delay] of rechecks.entries()) {
        await clock.advanceAsync(delay);
        // Until Stripe has said "in progress" again, or the record changed.
        await eventually(async () =>
          stillMaking.length === i + 2 || (await search(b!, 'Interrupted 2')).status !== 'queued'
            ? true
            : undefined,
        );
        const row = await search(b, 'Interrupted 2');
        assert.equal(row.status, 'queued', `after recheck ${i + 1}`);
        assert.equal(row.lastErrorCode, 'checking');
      }
      assert.equal(onStripe(checking.clientReferenceId).length, 0, 'nothing made twice meanwhile');
      assert.equal(stillMaking.length, rechecks.length + 1, 'each re-send was told "in progress"');

      hold.release();
      await eventually(() => (onStripe(checking.clientReferenceId).length === 1 ? true : undefined));
      const resolved = await eventually(async () => {
        await clock.advanceAsync(RECHECK_DELAYS_MS.at(-1)!);
        const row = await search(b!, 'Interrupted 2');
        return row.id ? row : undefined;
      });
      const sessions = onStripe(checking.clientReferenceId);
      assert.equal(sessions.length, 1);
      assert.equal(resolved.id, sessions[0]!.id, 'the replayed session is the one recorded');
      assert.equal(resolved.status, 'requires_input', 'the customer’s session is kept, not canceled');
      assert.equal(resolved.lastErrorCode, null);
      assert.equal(sessions[0]!.status, 'requires_input');
    } finally {
      hold.release();
      await b?.close();
      await pending;
      await a.close();
    }
  });

  it('past Stripe’s 24 hours: not re-sent; looked up on the recheck schedule before "not created"', async () => {
    const storeDir = join(dir, 'past-window');
    const hold = stripe.holdCreations();
    const { a, pending } = await killMidCreation(storeDir, 'Interrupted 3', () => hold.waiting() === 1);

    // The restart comes a day and more later (on the app's clock).
    const clock = new ManualClock(Date.now() + DAY_MS + 60_000);
    const sentBefore = creates();
    const lookedUpBefore = lookups();
    let b: AppCore | undefined;
    try {
      b = await createAppCore({ ...base(), storeFactory: confStoreFactory(storeDir), clock });
      await b.reconciled();
      const first = await search(b, 'Interrupted 3');
      assert.equal(first.lastErrorCode, 'checking');
      for (const delay of RECHECK_DELAYS_MS.slice(0, -1)) {
        const before = lookups();
        await clock.advanceAsync(delay);
        await eventually(() => (lookups() > before ? true : undefined));
        assert.equal((await search(b, 'Interrupted 3')).lastErrorCode, 'checking');
      }
      await clock.advanceAsync(RECHECK_DELAYS_MS.at(-1)!);
      const failed = await eventually(async () => {
        const row = await search(b!, 'Interrupted 3');
        return row.status === 'failed' ? row : undefined;
      });
      assert.equal(failed.lastErrorCode, 'not_created');
      assert.equal(creates(), sentBefore, 'nothing was re-sent past the 24 hours');
      // (the count includes the connectivity pings, which list too)
      assert.ok(lookups() - lookedUpBefore >= RECHECK_DELAYS_MS.length + 1, 'looked up more than once');
    } finally {
      hold.release();
      await b?.close();
      await pending;
      await a.close();
    }
  });

  it('the note of a creation on its way is sealed on disk and erased once Stripe answers', async () => {
    const storeDir = join(dir, 'note');
    const core = await createAppCore({ ...base(), storeFactory: confStoreFactory(storeDir) });
    const noteFile = join(storeDir, 'stripe-test-outbox-sent.json');
    const hold = stripe.holdCreations();
    try {
      await core.reconciled();
      const started = core.handlers['sessions.start'](
        { type: 'document', reference: 'Noted 1', email: 'jenny.rosen@example.com' },
        { window: 'staff' },
      );
      await eventually(() => (hold.waiting() === 1 ? true : undefined));
      const onTheWay = readFileSync(noteFile, 'utf8');
      assert.match(onTheWay, /"clientReferenceId":"cs_/, 'noted before the answer');
      assert.doesNotMatch(onTheWay, /jenny|example\.com|Noted 1/, 'the parameters are sealed');
      hold.release();
      const outcome = await started;
      assert.equal(outcome.outcome, 'created');
      assert.deepEqual(JSON.parse(readFileSync(noteFile, 'utf8')).doc.body.entries, [], 'erased');
    } finally {
      hold.release();
      await core.close();
    }
  });
});
