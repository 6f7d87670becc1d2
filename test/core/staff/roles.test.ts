/**
 * Staff sign-in and roles, enforced in main (the handlers' role table), through the app core as
 * the staff window calls it: off by default (everything open, as before); on, nothing but the
 * status and sign-in without a person; a clerk starts but cannot reveal or redact; a manager
 * reveals only with a reason, and the name comes back beside the data; wrong PINs are on the
 * trail and lock out per member. The idle sign-out runs on a manual clock.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MemoryStore } from '../../../main/core/storage/index.ts';
import { createStaffRoster } from '../../../main/core/staff/index.ts';
import { startTestCore } from '../../support/app-core.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { waitForStatus } from '../../support/simulator.ts';

async function refusal(
  run: Promise<unknown>,
): Promise<{ code: string; text?: { id: string; params?: unknown } }> {
  try {
    await run;
  } catch (error) {
    return error as { code: string; text?: { id: string } };
  }
  assert.fail('expected a refusal');
}

describe('staff sign-in and roles at the station', async () => {
  const t = await startTestCore();
  after(() => t.close());

  it('off by default: every action is open, as for a one-person shop', async () => {
    const status = await t.call('staff.status', {});
    assert.equal(status.enabled, false);
    const started = await t.call('sessions.start', { type: 'document', reference: 'Order 1' });
    assert.equal(started.outcome, 'created');
  });

  it('sign-in is turned on only with a manager to sign in', async () => {
    const none = await refusal(t.call('staff.setEnabled', { enabled: true }));
    assert.equal(none.text?.id, 'staff_need_manager');
  });

  let mika = '';
  let aiko = '';
  let ken = '';
  it('on: without a person only the status and sign-in answer; a clerk starts but cannot reveal or redact', async () => {
    mika = (await t.call('staff.addMember', { name: 'Mika Sato', role: 'manager', pin: '4826' })).id;
    aiko = (await t.call('staff.addMember', { name: 'Aiko Ito', role: 'clerk', pin: '3719' })).id;
    ken = (await t.call('staff.addMember', { name: 'Ken Mori', role: 'clerk', pin: '5081' })).id;
    await t.call('staff.setEnabled', { enabled: true });
    assert.equal((await t.call('app.status', {})).backend, 'simulator');
    const nobody = await refusal(t.call('sessions.start', { type: 'document', reference: 'Order 2' }));
    assert.equal(nobody.code, 'not_permitted');
    assert.equal(nobody.text?.id, 'staff_sign_in_needed');

    assert.equal((await t.call('staff.signIn', { memberId: aiko, pin: '3719' })).outcome, 'signed_in');
    const started = await t.call('sessions.start', { type: 'document', reference: 'Order 3' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';
    const done = waitForStatus(t.sim(), id, 'verified');
    await t.sim().submit(id, 'verified');
    await done;
    for (const denied of [
      t.call('sessions.result', { id, reason: 'age_check' }),
      t.call('sessions.redact', { id }),
      t.call('settings.update', { maxAttempts: 4 }),
      t.call('audit.list', {}),
    ]) {
      const error = await refusal(denied);
      assert.equal(error.code, 'not_permitted');
      assert.deepEqual(error.text, { id: 'staff_role_needed', params: {} });
    }

    // Switching clerk: one tap on the name and the PIN.
    assert.equal((await t.call('staff.signIn', { memberId: ken, pin: '5081' })).outcome, 'signed_in');
    assert.equal((await t.call('staff.status', {})).signedIn?.name, 'Ken Mori');

    // A manager: a reveal needs a reason, and comes back with the manager's name beside it.
    assert.equal((await t.call('staff.signIn', { memberId: mika, pin: '4826' })).outcome, 'signed_in');
    const noReason = await refusal(t.call('sessions.result', { id }));
    assert.equal(noReason.text?.id, 'reveal_reason_needed');
    const other = await refusal(t.call('sessions.result', { id, reason: 'other' }));
    assert.equal(other.code, 'invalid_input', 'other needs a note');
    const result = await t.call('sessions.result', { id, reason: 'contract' });
    assert.equal(result.firstName, 'Jenny');
    assert.equal(result.revealedBy, 'Mika Sato');
    await t.call('sessions.redact', { id });

    const trail = (await t.call('audit.list', {})).entries;
    const reveal = trail.find((e) => e.action === 'sessions.result' && e.outcome === 'ok');
    assert.equal(reveal?.actor?.name, 'Mika Sato');
    assert.equal(reveal?.reason, 'contract');
    assert.equal(reveal?.sessionId, id);
    assert.equal(reveal?.reference, 'Order 3');
    const refused = trail.filter((e) => e.action === 'sessions.result' && e.outcome === 'refused');
    assert.deepEqual(
      refused.map((e) => e.actor?.name),
      ['Mika Sato', 'Aiko Ito'],
      'the clerk refused, then the manager without a reason (newest first; "other" without a note fails the contract before any handler)',
    );
    assert.equal(
      trail.find((e) => e.action === 'sessions.redact' && e.outcome === 'ok')?.actor?.name,
      'Mika Sato',
    );
    assert.ok(!JSON.stringify(trail).includes('Jenny'), 'no personal data of the customer on the trail');
  });

  it('wrong PINs are on the trail and lock that member out', async () => {
    const first = await t.call('staff.signIn', { memberId: aiko, pin: '0000' });
    assert.deepEqual(first, { outcome: 'wrong', triesBeforeLockout: 2, retryAfterSeconds: null });
    await t.call('staff.signIn', { memberId: aiko, pin: '1111' });
    const third = await t.call('staff.signIn', { memberId: aiko, pin: '2222' });
    assert.equal(third.outcome, 'wrong');
    assert.ok(third.outcome === 'wrong' && third.retryAfterSeconds !== null, 'the third wrong PIN locks');
    const locked = await t.call('staff.signIn', { memberId: aiko, pin: '3719' });
    assert.equal(locked.outcome, 'locked', 'even the right PIN waits');
    assert.equal(
      (await t.call('staff.signIn', { memberId: ken, pin: '5081' })).outcome,
      'signed_in',
      'others are not locked',
    );
    const tries = (await t.call('staff.signIn', { memberId: mika, pin: '4826' })).outcome;
    assert.equal(tries, 'signed_in');
    const trail = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'staff.signIn');
    assert.equal(trail.filter((e) => e.outcome === 'wrong_pin' && e.actor?.name === 'Aiko Ito').length, 3);
    assert.equal(trail.filter((e) => e.outcome === 'locked').length, 1);
    assert.ok(!JSON.stringify(trail).includes('3719'), 'never the PIN');
  });
});

describe('idle sign-out', () => {
  it('signs the person out after the idle minutes without a call; each call starts them again', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const roster = createStaffRoster({ store: new MemoryStore(), clock });
    const changes: Array<string | null> = [];
    roster.onChange((s) => changes.push(s.signedIn?.name ?? null));
    const manager = await roster.addMember({ name: 'Mika Sato', role: 'manager', pin: '4826' });
    roster.setEnabled(true, 5);
    await roster.signIn(manager.id, '4826');
    await clock.advance(4 * 60_000);
    roster.noteActivity();
    await clock.advance(4 * 60_000);
    assert.equal(roster.signedIn()?.name, 'Mika Sato', 'a call 4 minutes in started the 5 minutes again');
    await clock.advance(60_000 + 1);
    assert.equal(roster.signedIn(), null);
    assert.equal(changes.at(-1), null, 'the console is told at once, not at the next call');
    roster.close();
  });
});
