/**
 * Staff members from the hub's fleet page on a station (issue 19, item 1): the real hub (PGlite)
 * and the station's core. The store's roster arrives over the stream and replaces the station's
 * members (sign-in on, its arrival on the audit trail); a member signs in with the PIN set on the
 * hub, and a clerk's manager-only call is refused; adding or removing here is refused as managed
 * by the hub; a member the hub removes is signed out; the roster stands offline across a restart;
 * leaving the hub brings the station's own members back. The idle minutes come from the policy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../support/backend.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { startHubStationCore, type TestCore } from '../../support/app-core.ts';

const SERVICE = 'countersign-hub-staff-test';

async function refusal(run: Promise<unknown>): Promise<{ code: string; text?: { id: string } }> {
  try {
    await run;
  } catch (error) {
    return error as { code: string; text?: { id: string } };
  }
  assert.fail('expected a refusal');
}

describe('staff members from the hub on a station', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  const add = (name: string, role: 'clerk' | 'manager', pin: string) =>
    th.hub.staff.add({ store: 'Ginza', name, role, pin }, { by: 'admin' });
  const names = async (t: TestCore) => (await t.call('staff.status', {})).members.map((m) => m.name);

  it('the hub’s roster is the station’s: PINs from the hub, local changes refused, the removed signed out, kept offline', async () => {
    const keychain = memoryKeychain();
    const t = await startHubStationCore(keychain, { keychainService: SERVICE, heartbeatIntervalMs: 60_000 });
    const dir = t.dir;
    let closed = false;
    try {
      await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 1', 'Ginza') });
      // The station's own member, before the hub manages its staff.
      await t.call('staff.addMember', { name: 'Local Lee', role: 'manager', pin: '5173' });
      assert.equal((await t.call('staff.status', {})).managedByHub, false);

      const aiko = await add('Aiko', 'manager', '4829');
      const ken = await add('Ken', 'clerk', '7395');
      await eventually(async () => ((await names(t)).join() === 'Aiko,Ken' ? true : undefined), 5000);
      const status = await t.call('staff.status', {});
      assert.equal(status.managedByHub, true);
      assert.equal(status.enabled, true, 'sign-in is on while the hub lists staff');
      assert.deepEqual(
        status.members.map((m) => m.id),
        [aiko.id, ken.id],
      );
      assert.ok(!JSON.stringify(status).includes('"hash"'), 'the hashes stay in main');

      // The idle minutes are the policy's (staffIdleMinutes) once it sets them.
      await th.hub.policies.save('store', 'Ginza', { staffIdleMinutes: 3 }, { by: 'admin' });
      await eventually(
        async () => ((await t.call('staff.status', {})).idleMinutes === 3 ? true : undefined),
        5000,
      );

      // Ken signs in with the PIN set on the hub; a manager-only call is refused for him.
      assert.equal((await t.call('staff.signIn', { memberId: ken.id, pin: '1111' })).outcome, 'wrong');
      assert.equal((await t.call('staff.signIn', { memberId: ken.id, pin: '7395' })).outcome, 'signed_in');
      const clerk = await refusal(t.call('settings.update', { maxAttempts: 4 }));
      assert.equal(clerk.text?.id, 'staff_role_needed');

      // A manager at the station cannot change the hub's members.
      assert.equal((await t.call('staff.signIn', { memberId: aiko.id, pin: '4829' })).outcome, 'signed_in');
      for (const run of [
        t.call('staff.addMember', { name: 'Mio', role: 'clerk', pin: '3948' }),
        t.call('staff.removeMember', { id: ken.id }),
        t.call('staff.setEnabled', { enabled: false }),
        // The station's recovery code is not the way back here: the fleet page's Reset PIN is.
        t.call('staff.recover', { code: 'AAAAA-AAAAA-AAAAA-AAAAA', memberId: aiko.id, pin: '5830' }),
      ]) {
        const refused = await refusal(run);
        assert.equal(refused.code, 'invalid_state');
        assert.equal(refused.text?.id, 'staff_managed_by_hub');
      }
      assert.equal((await names(t)).join(), 'Aiko,Ken');

      // The roster's arrival is on the audit trail: no actor, the count.
      const trail = await t.call('audit.list', {});
      const arrivals = trail.entries.filter((e) => e.action === 'staff.roster');
      assert.ok(arrivals.every((e) => e.actor === null));
      assert.ok(
        arrivals.some((e) => /^from the hub: members 2, version \d+$/.test(e.detail ?? '')),
        JSON.stringify(arrivals.map((e) => e.detail)),
      );

      // Ken signs in again; the hub removes him: he is signed out.
      assert.equal((await t.call('staff.signIn', { memberId: ken.id, pin: '7395' })).outcome, 'signed_in');
      await th.hub.staff.remove(ken.id, { by: 'admin' });
      await eventually(async () => {
        const s = await t.call('staff.status', {});
        return s.signedIn === null && s.members.length === 1 ? true : undefined;
      }, 5000);
      const gone = await refusal(t.call('staff.signIn', { memberId: ken.id, pin: '7395' }));
      assert.equal(gone.text?.id, 'staff_unknown_member');

      // Offline, across a restart: the last roster stands, and its PINs sign in.
      th.cut();
      await t.core.close();
      closed = true;
      const again = await startHubStationCore(
        keychain,
        { keychainService: SERVICE, heartbeatIntervalMs: 60_000 },
        dir,
      );
      try {
        const kept = await again.call('staff.status', {});
        assert.equal(kept.managedByHub, true);
        assert.deepEqual(
          kept.members.map((m) => m.name),
          ['Aiko'],
        );
        assert.equal(
          (await again.call('staff.signIn', { memberId: aiko.id, pin: '4829' })).outcome,
          'signed_in',
        );
        th.restore();
        // Out of the fleet: the station's own member counts again.
        await again.call('hub.disconnect', {});
        const own = await again.call('staff.status', {});
        assert.equal(own.managedByHub, false);
        assert.deepEqual(
          own.members.map((m) => m.name),
          ['Local Lee'],
        );
      } finally {
        th.restore();
        await again.close();
      }
    } finally {
      if (!closed) await t.close();
    }
  });
});
