/** The station policy's one schema and its merge of levels (contract/policy.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  effectivePolicy,
  effectivePolicySchema,
  policyEditSchema,
  policyLayerSchema,
} from '../../../contract/policy.ts';

describe('contract: station policy', () => {
  it('a level sets only what it names; the station’s own settings rules apply', () => {
    assert.ok(policyLayerSchema.safeParse({}).success);
    assert.ok(
      policyLayerSchema.safeParse({
        maxAttempts: 5,
        kioskOpeningHours: { mon: [{ open: '09:00', close: '18:00' }] },
      }).success,
    );
    assert.equal(policyLayerSchema.safeParse({ maxAttempts: 0 }).success, false, 'the settings bound');
    assert.equal(policyLayerSchema.safeParse({ maxAttempts: 3, extra: 1 }).success, false, 'strict');
    assert.equal(
      policyLayerSchema.safeParse({ kioskOpeningHours: { mon: [{ open: '9:00', close: '18:00' }] } }).success,
      false,
    );
    const bad = policyLayerSchema.safeParse({ fastIntervalMs: 5000, slowIntervalMs: 1000 });
    assert.equal(bad.success, false);
    assert.equal(
      policyLayerSchema.safeParse({ languagesOffered: ['ja'], language: 'en' }).success,
      false,
      'the default is one of those offered',
    );
  });

  it('an edit carries a PIN, never a hash; a stored level carries the hash, never a PIN', () => {
    assert.ok(policyEditSchema.safeParse({ kioskPin: '4827' }).success);
    assert.equal(policyEditSchema.safeParse({ kioskPin: '48' }).success, false);
    assert.equal(policyEditSchema.safeParse({ kioskPinHash: {} }).success, false);
    assert.equal(policyLayerSchema.safeParse({ kioskPin: '4827' }).success, false);
  });

  it('the most specific level wins, and says so; retention may only get shorter', () => {
    const e = effectivePolicy({
      fleet: { version: 3, policy: { maxAttempts: 3, idleResetSeconds: 60, redactAfterDays: 30 } },
      store: { version: 7, policy: { maxAttempts: 5, redactAfterDays: 90 } },
      station: { version: 5, policy: { idleResetSeconds: 30 } },
    });
    assert.deepEqual(e.policy, { maxAttempts: 5, idleResetSeconds: 30, redactAfterDays: 30 });
    assert.deepEqual(e.sources, {
      maxAttempts: 'store',
      idleResetSeconds: 'station',
      redactAfterDays: 'fleet',
    });
    assert.equal(e.version, 7);
    assert.ok(effectivePolicySchema.safeParse(e).success);

    const stricter = effectivePolicy({
      fleet: { version: 1, policy: { redactAfterDays: null } },
      store: { version: 2, policy: { redactAfterDays: 14 } },
    });
    assert.equal(stricter.policy.redactAfterDays, 14);
    assert.equal(stricter.sources.redactAfterDays, 'store');
    const shorter = effectivePolicy({
      fleet: { version: 1, policy: { redactAfterDays: 30 } },
      store: { version: 2, policy: { redactAfterDays: 7 } },
    });
    assert.equal(shorter.policy.redactAfterDays, 7);
    const off = effectivePolicy({
      fleet: { version: 1, policy: { redactAfterDays: 30 } },
      store: { version: 2, policy: { redactAfterDays: null } },
    });
    assert.equal(off.policy.redactAfterDays, 30, 'a store cannot turn the fleet’s retention off');
    assert.deepEqual(effectivePolicy({}), { version: 0, policy: {}, sources: {} });
  });
});
