/**
 * The hub's policy on a station (issue 18): the real hub (PGlite) and the station's core. A
 * store's policy reaches the connected station over its stream and is applied in place: the
 * settings in force carry it, `settings.changed` tells the staff window, and the managed fields
 * are refused by settings.update (unchanged values pass); the kiosk PIN arrives as its hash. A
 * station cut off from the hub keeps the last policy (across a restart too) and gets the newer
 * one when the hub answers again; leaving the hub lets the station's own settings count again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../support/backend.ts';
import { sdkFor } from '../../support/hub.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { startHubStationCore, type TestCore } from '../../support/app-core.ts';

const SERVICE = 'countersign-hub-policy-test';

describe('hub policy on a station', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  const save = (level: 'fleet' | 'store' | 'station', target: string, policy: unknown) =>
    th.hub.policies.save(level, target, policy, { by: 'admin' });
  const maxAttempts = async (t: TestCore) => (await t.call('settings.get', {})).maxAttempts;

  it('applied at once, shown as managed with its source, refused as a local change', async () => {
    const t = await startHubStationCore(memoryKeychain(), {
      keychainService: SERVICE,
      heartbeatIntervalMs: 60_000,
      kiosk: true,
    });
    try {
      await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Kiosk 1', 'Ginza', 'kiosk') });
      assert.equal(await t.call('settings.managed', {}), null, 'no policy yet');
      const hours = { mon: [{ open: '09:00', close: '18:00' }] };
      await save('fleet', '', { maxAttempts: 3, idleResetSeconds: 45 });
      await save('store', 'Ginza', { maxAttempts: 5, kioskOpeningHours: hours, kioskPin: '4827' });
      await eventually(async () => ((await maxAttempts(t)) === 5 ? true : undefined), 5000);
      const settings = await t.call('settings.get', {});
      assert.deepEqual(settings.kioskOpeningHours, hours);
      assert.equal(settings.idleResetSeconds, 45);
      const managed = await t.call('settings.managed', {});
      assert.deepEqual(managed?.sources, {
        maxAttempts: 'store',
        idleResetSeconds: 'fleet',
        kioskOpeningHours: 'store',
        kioskPinHash: 'store',
      });
      assert.equal(managed?.policy.kioskPinSet, true);
      assert.ok(!JSON.stringify(managed).includes('"hash"'), 'the hash stays in main');
      const told = t.seen.filter((e) => e.event === 'settings.changed').at(-1)?.payload as {
        settings: { maxAttempts: number };
      };
      assert.equal(told.settings.maxAttempts, 5, 'the staff window was told');

      // The PIN from the hub opens the kiosk; staff cannot set another one here.
      assert.equal((await t.call('kiosk.status', {})).pinSet, true);
      assert.deepEqual(await t.call('kiosk.unlock', { pin: '4827' }, 'customer'), { outcome: 'unlocked' });
      await assert.rejects(t.call('kiosk.setPin', { pin: '5926' }), { code: 'invalid_state' });

      await assert.rejects(t.call('settings.update', { maxAttempts: 4 }), (e: unknown) => {
        assert.equal((e as { code: string }).code, 'invalid_state');
        assert.equal((e as { text?: { id: string } }).text?.id, 'settings_managed');
        return true;
      });
      // The same value, and fields the hub leaves alone, are the station's to save.
      const saved = await t.call('settings.update', { maxAttempts: 5, retentionDays: 30 });
      assert.equal(saved.retentionDays, 30);
      assert.equal(saved.maxAttempts, 5);

      // The accepted documents and checks are the policy's, whatever staff chose.
      await save('store', 'Ginza', {
        maxAttempts: 5,
        documentTypes: ['passport'],
        requireMatchingSelfie: true,
        keepKioskPin: true,
      });
      await eventually(
        async () => ((await t.call('settings.managed', {}))?.sources.documentTypes ? true : undefined),
        5000,
      );
      const started = await t.call('sessions.start', {
        type: 'document',
        reference: 'Policy docs',
        document: { allowedTypes: ['driving_license'], requireMatchingSelfie: false },
      });
      assert.equal(started.outcome, 'created');
      const atStripe = await sdkFor(
        th.stripe.url,
        th.stripe.secretKey,
      ).identity.verificationSessions.retrieve(started.outcome === 'created' ? started.session.id! : '');
      assert.deepEqual(atStripe.options?.document, {
        allowed_types: ['passport'],
        require_matching_selfie: true,
      });

      // The languages offered: the customer's screen is told, and only those can be picked.
      await save('store', 'Ginza', {
        maxAttempts: 5,
        languagesOffered: ['ja'],
        language: 'ja',
        keepKioskPin: true,
      });
      await eventually(async () => {
        const screen = await t.call('customer.state', {}, 'customer');
        return JSON.stringify(screen.languages) === '["ja"]' && screen.language === 'ja' ? true : undefined;
      }, 5000);
      await assert.rejects(t.call('customer.setLanguage', { language: 'en' }, 'customer'), {
        code: 'invalid_input',
      });

      // A change on the hub is applied again; a field no longer set goes back to the station's.
      await save('store', 'Ginza', { maxAttempts: 2, keepKioskPin: true });
      await eventually(async () => ((await maxAttempts(t)) === 2 ? true : undefined), 5000);
      assert.equal((await t.call('settings.get', {})).kioskOpeningHours, null);

      await t.call('hub.disconnect', {});
      assert.equal(await t.call('settings.managed', {}), null);
      assert.equal(await maxAttempts(t), 3, 'the station’s own value counts again');
    } finally {
      await t.close();
    }
  });

  it('offline: the last policy stays, across a restart; the newer one arrives on reconnect', async () => {
    const keychain = memoryKeychain();
    const first = await startHubStationCore(keychain, {
      keychainService: SERVICE,
      heartbeatIntervalMs: 60_000,
    });
    const dir = first.dir;
    await first.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 1', 'Shibuya') });
    await save('store', 'Shibuya', { maxAttempts: 7 });
    await eventually(async () => ((await maxAttempts(first)) === 7 ? true : undefined), 5000);
    th.cut();
    await save('store', 'Shibuya', { maxAttempts: 8 });
    await first.core.close();
    const second = await startHubStationCore(
      keychain,
      { keychainService: SERVICE, heartbeatIntervalMs: 60_000 },
      dir,
    );
    try {
      assert.equal(await maxAttempts(second), 7, 'kept while the hub cannot be reached');
      assert.equal((await second.call('settings.managed', {}))?.sources.maxAttempts, 'store');
      th.restore();
      await eventually(async () => ((await maxAttempts(second)) === 8 ? true : undefined), 10_000);
      await second.call('hub.disconnect', {});
    } finally {
      th.restore();
      await second.close();
    }
  });
});
