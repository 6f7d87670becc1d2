/**
 * The way back when every manager has forgotten their PIN: the recovery code. First the room on
 * a real store file, a manual clock and cheap scrypt: the code works once; wrong codes lock out
 * like PINs (the right code waits too, across a restart); the manager's old PIN stops working,
 * the new one works and their own lockout is gone; the code is never in the file as typed. Then
 * through the handlers and the role middleware with sign-in on and nobody signed in: turning
 * sign-in on shows a code once, recovery is callable, the trail has `staff.recover` with nobody
 * as the actor and the manager's name, and neither the trail, the store nor the log has a code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createRecordingLogger } from '../../../base/logger.ts';
import type { StaffMember } from '../../../contract/ipc.ts';
import { createStaffRecovery, createStaffRoster } from '../../../main/core/staff/index.ts';
import { confFilePath, confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';
import { startTestCore } from '../../support/app-core.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const FAST = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

async function refusal(run: Promise<unknown>): Promise<{ code: string; text?: { id: string } }> {
  try {
    await run;
  } catch (error) {
    return error as { code: string; text?: { id: string } };
  }
  assert.fail('expected a refusal');
}

/** Every form a code could be kept in: as shown, without its dashes, in lower case. */
const forms = (code: string) => [code, code.replace(/-/g, ''), code.toLowerCase()];

function station() {
  const { dir, cleanup } = tempStoreDir('countersign-recovery-');
  const clock = new ManualClock(1_800_000_000_000);
  const store = confStoreFactory(dir)('staff');
  const roster = createStaffRoster({ store, clock, pinParams: FAST });
  const open = () => createStaffRecovery({ store, clock, roster, pinParams: FAST });
  const file = () => readFileSync(confFilePath(dir, 'staff'), 'utf8');
  return { clock, roster, recovery: open(), open, file, cleanup };
}

describe('the recovery code (the room)', () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));
  async function ready() {
    const s = station();
    cleanups.push(s.cleanup);
    const mika = await s.roster.addMember({ name: 'Mika Sato', role: 'manager', pin: '4826' });
    const aiko = await s.roster.addMember({ name: 'Aiko Ito', role: 'clerk', pin: '3719' });
    s.roster.setEnabled(true);
    return { ...s, mika, aiko };
  }

  it('works once: the manager gets the new PIN, the old one stops working, and a new code replaces it', async () => {
    const { roster, recovery, mika, file } = await ready();
    assert.deepEqual(recovery.status(), { createdAt: null });
    const first = await recovery.issue();
    assert.match(first.code, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    assert.deepEqual(recovery.status(), { createdAt: 1_800_000_000_000 });

    const used = await recovery.recover({ code: first.code, memberId: mika.id, pin: '5930' });
    assert.equal(used.outcome, 'recovered');
    assert.ok(used.outcome === 'recovered');
    assert.equal(used.member.id, mika.id);
    assert.notEqual(used.recoveryCode.code, first.code);
    assert.equal((await roster.signIn(mika.id, '4826')).outcome, 'wrong', 'the old PIN no longer works');
    assert.equal((await roster.signIn(mika.id, '5930')).outcome, 'signed_in', 'the new one does');

    const again = await recovery.recover({ code: first.code, memberId: mika.id, pin: '6041' });
    assert.equal(again.outcome, 'wrong', 'a spent code does not work again');
    assert.equal((await roster.signIn(mika.id, '5930')).outcome, 'signed_in', 'and changed nothing');

    // The new code as someone might type it off paper: lower case, spaces, O for 0, L for 1.
    const typed = used.recoveryCode.code
      .toLowerCase()
      .replace(/-/g, ' ')
      .replace(/0/g, 'o')
      .replace(/1/g, 'l');
    const next = await recovery.recover({ code: typed, memberId: mika.id, pin: '6041' });
    assert.ok(next.outcome === 'recovered');

    const kept = file();
    for (const code of [first.code, used.recoveryCode.code, next.recoveryCode.code]) {
      for (const form of forms(code))
        assert.ok(!kept.includes(form), 'the store never holds a code as typed');
    }
    assert.ok(!kept.includes('5930') && !kept.includes('6041'), 'nor a PIN');
  });

  it('wrong codes lock out like wrong PINs: the right code waits too, across a restart, until the time has passed', async () => {
    const { recovery, open, clock, mika, roster } = await ready();
    const { code } = await recovery.issue();
    const wrong = 'ABCDE-FGHJK-MNPQR-STVWX';
    assert.deepEqual(await recovery.recover({ code: wrong, memberId: mika.id, pin: '5930' }), {
      outcome: 'wrong',
      triesBeforeLockout: 2,
      retryAfterSeconds: null,
    });
    await recovery.recover({ code: wrong, memberId: mika.id, pin: '5930' });
    assert.deepEqual(await recovery.recover({ code: wrong, memberId: mika.id, pin: '5930' }), {
      outcome: 'wrong',
      triesBeforeLockout: 0,
      retryAfterSeconds: 30,
    });
    assert.deepEqual(await recovery.recover({ code, memberId: mika.id, pin: '5930' }), {
      outcome: 'locked',
      retryAfterSeconds: 30,
    });
    assert.equal(
      (await open().recover({ code, memberId: mika.id, pin: '5930' })).outcome,
      'locked',
      'a restart gives no fresh tries',
    );
    assert.equal((await roster.signIn(mika.id, '4826')).outcome, 'signed_in', 'nothing was changed');
    await clock.advance(30_000);
    assert.equal((await recovery.recover({ code, memberId: mika.id, pin: '5930' })).outcome, 'recovered');
  });

  it("clears the manager's own lockout", async () => {
    const { recovery, roster, mika } = await ready();
    const { code } = await recovery.issue();
    for (const pin of ['1357', '2468', '9753']) await roster.signIn(mika.id, pin);
    assert.equal((await roster.signIn(mika.id, '4826')).outcome, 'locked');
    assert.equal((await recovery.recover({ code, memberId: mika.id, pin: '5930' })).outcome, 'recovered');
    assert.equal((await roster.signIn(mika.id, '5930')).outcome, 'signed_in', 'no wait after the reset');
  });

  it('a clerk, an unknown member or a weak PIN is refused before the code is tried; a new manager can be named', async () => {
    const { recovery, roster, aiko } = await ready();
    const { code } = await recovery.issue();
    const clerk = await refusal(recovery.recover({ code, memberId: aiko.id, pin: '5930' }));
    assert.equal(clerk.text?.id, 'staff_recovery_not_manager');
    const unknown = await refusal(recovery.recover({ code, memberId: 'st_nobody12345', pin: '5930' }));
    assert.equal(unknown.text?.id, 'staff_unknown_member');
    const weak = await refusal(recovery.recover({ code, newManagerName: 'Ren', pin: '1234' }));
    assert.equal(weak.text?.id, 'pin_too_easy');
    const wrong = await recovery.recover({ code: 'x', newManagerName: 'Ren', pin: '5930' });
    assert.equal(wrong.outcome === 'wrong' && wrong.triesBeforeLockout, 2, 'the refusals above cost no try');

    const named = await recovery.recover({ code, newManagerName: 'Ren Kato', pin: '5930' });
    assert.ok(named.outcome === 'recovered');
    assert.deepEqual([named.member.name, named.member.role], ['Ren Kato', 'manager']);
    assert.equal((await roster.signIn(named.member.id, '5930')).outcome, 'signed_in');
  });

  it('without a code there is no way back to try', async () => {
    const { recovery, mika } = await ready();
    const none = await refusal(
      recovery.recover({ code: 'ABCDE-FGHJK-MNPQR-STVWX', memberId: mika.id, pin: '5930' }),
    );
    assert.equal(none.text?.id, 'staff_recovery_none');
  });

  it('a code sent twice at once is used once', async () => {
    const { recovery, mika } = await ready();
    const { code } = await recovery.issue();
    const both = await Promise.all([
      recovery.recover({ code, memberId: mika.id, pin: '5930' }),
      recovery.recover({ code, memberId: mika.id, pin: '6041' }),
    ]);
    assert.deepEqual(
      both.map((r) => r.outcome),
      ['recovered', 'wrong'],
    );
  });
});

describe('the recovery code through the handlers, with sign-in on and nobody signed in', async () => {
  const logger = createRecordingLogger();
  const t = await startTestCore({ logger });
  after(() => t.close());

  it('turning sign-in on shows a code once; recovery is open; the trail names the manager, never the code', async () => {
    const mika: StaffMember = await t.call('staff.addMember', {
      name: 'Mika Sato',
      role: 'manager',
      pin: '4826',
    });
    const on = await t.call('staff.setEnabled', { enabled: true });
    const shown = on.recoveryCode?.code;
    assert.ok(shown, 'the code is in the answer that turned sign-in on');
    assert.equal(typeof (await t.call('staff.recoveryStatus', {})).createdAt, 'number');
    const asked = await refusal(t.call('staff.newRecoveryCode', {}));
    assert.equal(asked.code, 'not_permitted', 'a new code needs a manager signed in');

    const wrong = await t.call('staff.recover', {
      code: 'ABCDE-FGHJK-MNPQR-STVWX',
      memberId: mika.id,
      pin: '5930',
    });
    assert.equal(wrong.outcome, 'wrong');
    const used = await t.call('staff.recover', { code: shown, memberId: mika.id, pin: '5930' });
    assert.ok(used.outcome === 'recovered');
    assert.equal((await t.call('staff.signIn', { memberId: mika.id, pin: '5930' })).outcome, 'signed_in');
    const fresh = await t.call('staff.newRecoveryCode', {});
    const idle = await t.call('staff.setEnabled', { enabled: true, idleMinutes: 5 });
    assert.equal(
      idle.recoveryCode,
      undefined,
      'only turning sign-in on makes a code, and only when there is none',
    );

    const trail = (await t.call('audit.list', {})).entries;
    const recovered = trail.filter((e) => e.action === 'staff.recover');
    assert.deepEqual(
      recovered.map((e) => [e.outcome, e.actor, e.detail]),
      [
        ['ok', null, 'Mika Sato'],
        ['wrong_pin', null, 'Mika Sato'],
      ],
    );
    assert.equal(trail.find((e) => e.action === 'staff.newRecoveryCode')?.outcome, 'ok');

    const kept = [
      JSON.stringify(trail),
      readFileSync(confFilePath(t.dir, 'audit'), 'utf8'),
      readFileSync(confFilePath(t.dir, 'staff'), 'utf8'),
      logger.lines.join('\n'),
    ].join('\n');
    for (const code of [shown, used.recoveryCode.code, fresh.code]) {
      for (const form of forms(code))
        assert.ok(!kept.includes(form), `no code in the trail, the store or the log`);
    }
  });
});
