/**
 * IPC fuzz: thousands of random payloads for every contract method, sent through the same
 * `dispatch` the Electron binding and the harness use, to the real app core (on the simulator,
 * with conf stores on disk). Every payload the contract's schema refuses must come back as a
 * typed `invalid_input` refusal — no throw, no crash — and nothing may be written: the store
 * files and the simulator's sessions are compared before and after.
 */
import { specCheck } from '../support/stripe-spec.ts';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contract, METHOD_NAMES } from '../../contract/ipc.ts';
import type { MethodName } from '../../contract/ipc.ts';
import { createAppCore, type AppCore } from '../../main/core/index.ts';
import { silentLogger } from '../../base/logger.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { dispatch } from '../../main/shell/dispatch.ts';
import type { AnyHandler, SenderFacts } from '../../main/shell/dispatch.ts';
import { confStoreFactory } from '../support/conf-store.ts';

// Every answer the embedded simulator sends in this file is checked against Stripe's spec.
const spec = specCheck();

const PER_METHOD = 400;
const APP_PAGE = 'app://countersign/index.html#/staff';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid example of each method's arguments, to mutate into near-misses. */
const VALID: Record<MethodName, unknown> = {
  'app.status': {},
  'app.reportError': { source: 'error', message: 'TypeError: x is undefined', stack: 'at render' },
  'settings.get': {},
  'settings.update': { fastIntervalMs: 1000 },
  'settings.managed': {},
  'key.store': { key: 'sk_test_' + 'a'.repeat(24) },
  'key.remove': {},
  'key.test': {},
  'key.storeRestricted': { key: 'rk_test_' + 'a'.repeat(24) },
  'key.removeRestricted': {},
  'staff.status': {},
  'staff.signIn': { memberId: 'st_abcdefgh12', pin: '4826' },
  'staff.signOut': {},
  'staff.setEnabled': { enabled: false },
  'staff.addMember': { name: 'Aiko', role: 'clerk', pin: '4826' },
  'staff.removeMember': { id: 'st_abcdefgh12' },
  'staff.recoveryStatus': {},
  'staff.newRecoveryCode': {},
  'staff.recover': { code: 'ABCDE-FGHJK-MNPQR-STVWX', memberId: 'st_abcdefgh12', pin: '4826' },
  'audit.list': { limit: 10 },
  'audit.export': { format: 'json' },
  'sessions.start': { type: 'document', reference: 'Order 1', email: 'a@b.co' },
  'sessions.list': { since: 0 },
  'sessions.get': { id: 'vs_abc' },
  'sessions.retry': { id: 'vs_abc' },
  'sessions.cancel': { id: 'vs_abc' },
  'sessions.redact': { id: 'vs_abc' },
  'sessions.result': { id: 'vs_abc' },
  'sessions.manualCheck': {
    reference: 'Order 1',
    documentType: 'passport',
    lastDigits: '1234',
    outcome: 'accepted',
    reason: 'declined_selfie',
  },
  'customer.present': { id: 'vs_abc', via: 'qr' },
  'customer.state': {},
  'customer.begin': {},
  'customer.retry': {},
  'customer.done': {},
  'customer.setLanguage': { language: 'ja' },
  'customer.help': {},
  'kiosk.unlock': { pin: '4826' },
  'kiosk.setPin': { pin: '4826' },
  'kiosk.status': {},
  'history.search': { page: 0, pageSize: 10 },
  'history.exportCsv': {},
  'outbox.status': {},
  'outbox.withdraw': { clientReferenceId: 'cs_abc' },
  'diagnostics.export': {},
  // Port 9 (discard) on loopback: a near-miss that passes is refused at once, as an unreachable hub.
  'hub.connect': { hubUrl: 'http://127.0.0.1:9', code: 'ABCD-1234' },
  'hub.disconnect': {},
};

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 14);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return [0, -1, 1e308, -1e308, NaN, Infinity, -Infinity, 2 ** 53, 0.5][Math.floor(rand() * 9)];
    case 3:
      return Math.floor(rand() * 2 ** 32) - 2 ** 31;
    case 4:
      return '';
    case 5:
      return 'x'.repeat(Math.floor(rand() * 5000));
    case 6:
      return ['vs_', 'sk_live_', '<script>', '../../etc', '\u0000', '😀', 'javascript:alert(1)', '=1+1'][
        Math.floor(rand() * 8)
      ];
    case 7:
      return Math.random().toString(36);
    case 8:
    case 9:
      if (depth > 3) return {};
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 5) }, () => [
          ['type', 'id', 'key', 'page', 'via', '__proto__', 'constructor', 'reference', randomKey(rand)][
            Math.floor(rand() * 9)
          ],
          randomValue(rand, depth + 1),
        ]),
      );
    case 10:
      if (depth > 3) return [];
      return Array.from({ length: Math.floor(rand() * 5) }, () => randomValue(rand, depth + 1));
    case 11:
      return undefined;
    case 12:
      return JSON.parse('{"__proto__": {"polluted": true}}');
    default:
      return randomKey(rand);
  }
}

function randomKey(rand: () => number): string {
  return Array.from({ length: 1 + Math.floor(rand() * 12) }, () =>
    String.fromCharCode(32 + Math.floor(rand() * 95)),
  ).join('');
}

/** A valid example with one field broken, or an unknown field added. */
function nearMiss(rand: () => number, valid: unknown): unknown {
  if (typeof valid !== 'object' || valid === null) return randomValue(rand);
  const copy: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rand() < 0.3) {
    copy[randomKey(rand)] = randomValue(rand);
  } else {
    copy[keys[Math.floor(rand() * keys.length)]!] = randomValue(rand);
  }
  return copy;
}

function snapshot(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

describe('IPC fuzz', () => {
  let dir: string;
  let core: AppCore<RunningSimulator>;
  const staff: SenderFacts = { senderKind: 'staff', senderUrl: APP_PAGE };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'countersign-fuzz-'));
    core = await createAppCore({
      storeFactory: confStoreFactory(dir),
      keychain: null,
      station: 'fuzz',
      startSimulator: () => startSimulator({ onResponse: spec.onResponse }),
      version: '0.0.0-test',
      logger: silentLogger,
    });
    // Something real in the stores, so "nothing written" compares against actual files.
    await core.handlers['sessions.start'](
      { type: 'document', reference: 'Before fuzz' },
      { window: 'staff' },
    );
  });
  after(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
    spec.assertClean();
  });

  it('refuses every payload the contract refuses, with a typed error, writing nothing', async () => {
    const handlers = core.handlers as unknown as Record<string, AnyHandler>;
    const sim = core.simulator()!;
    const before = { files: snapshot(dir), sessions: sim.sessions().length };
    let sent = 0;
    let refused = 0;
    let validSkipped = 0;
    const seed = 20261128;
    const rand = prng(seed);
    const refusedBy = new Map<string, number>();
    for (const method of METHOD_NAMES) {
      for (let i = 0; i < PER_METHOD; i += 1) {
        const payload = rand() < 0.5 ? randomValue(rand) : nearMiss(rand, VALID[method]);
        if (contract.methods[method].args.safeParse(payload).success) {
          validSkipped += 1; // a valid call may write; this test is about refusals
          continue;
        }
        sent += 1;
        const senderKind = contract.methods[method].callers[0]!;
        const result = await dispatch(contract, handlers, { ...staff, senderKind }, method, payload);
        assert.equal(result.ok, false, `${method} accepted an invalid payload (seed ${seed}, #${i})`);
        if (!result.ok) {
          assert.equal(result.error.code, 'invalid_input');
          assert.equal(result.denial, 'bad_args');
          assert.ok(result.error.message.length <= 3000, 'bounded message');
          refused += 1;
          refusedBy.set(method, (refusedBy.get(method) ?? 0) + 1);
        }
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    const afterState = { files: snapshot(dir), sessions: sim.sessions().length };
    console.log(
      `ipc fuzz: methods=${METHOD_NAMES.length} payloads=${sent} refused=${refused} crashes=0 ` +
        `valid_skipped=${validSkipped} written=${afterState.files === before.files ? 0 : 1}`,
    );
    assert.ok(sent >= 5000, `thousands of payloads (${sent})`);
    // Per method too: a schema that let everything through would show up here.
    for (const method of METHOD_NAMES) {
      assert.ok((refusedBy.get(method) ?? 0) >= 150, `${method}: ${refusedBy.get(method) ?? 0} refusals`);
    }
    assert.equal(refused, sent);
    assert.deepEqual(afterState, before, 'nothing written');
    const status = await core.handlers['app.status'](undefined, { window: 'staff' });
    assert.equal(status.backend, 'simulator', 'the core still answers');
  });

  it('refuses unknown methods, unknown senders, foreign pages and the wrong window', async () => {
    const handlers = core.handlers as unknown as Record<string, AnyHandler>;
    const rand = prng(7);
    let refusals = 0;
    for (let i = 0; i < 500; i += 1) {
      const method = rand() < 0.5 ? randomKey(rand) : randomValue(rand);
      const result = await dispatch(contract, handlers, staff, method, {});
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.denial, 'unknown_method');
      refusals += 1;
    }
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const result = await dispatch(contract, handlers, staff, method, {});
      assert.equal(result.ok ? 'accepted' : result.denial, 'unknown_method');
    }
    for (const method of METHOD_NAMES) {
      const valid = VALID[method];
      const foreign = await dispatch(
        contract,
        handlers,
        { senderKind: 'customer', senderUrl: 'http://127.0.0.1:1/hosted/vs_x' },
        method,
        valid,
      );
      assert.equal(foreign.ok ? 'accepted' : foreign.denial, 'foreign_origin', method);
      const stranger = await dispatch(
        contract,
        handlers,
        { senderKind: null, senderUrl: APP_PAGE },
        method,
        valid,
      );
      assert.equal(stranger.ok ? 'accepted' : stranger.denial, 'unknown_sender', method);
      const callers = contract.methods[method].callers as readonly string[];
      for (const kind of ['staff', 'customer'] as const) {
        if (callers.includes(kind)) continue;
        const wrong = await dispatch(
          contract,
          handlers,
          { senderKind: kind, senderUrl: APP_PAGE },
          method,
          valid,
        );
        assert.equal(wrong.ok ? 'accepted' : wrong.denial, 'forbidden_caller', `${kind} → ${method}`);
      }
      refusals += 2;
    }
    console.log(`ipc fuzz: sender and method refusals=${refusals}`);
  });
});
