/**
 * A check without biometrics, through the app core as the staff window calls it: a manager
 * records the document seen, at most its last four digits, the outcome and why; it is its own
 * outcome, `checked_by_staff`, in Today, History and the CSV, and never `verified` anywhere —
 * not in the contract's answer, the record on disk, the history or the export. More than four
 * digits is refused in words; a clerk may not record one while sign-in is on.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startTestCore } from '../../support/app-core.ts';

const check = {
  reference: 'Order 9001',
  documentType: 'driving_license',
  lastDigits: '4821',
  outcome: 'accepted',
  reason: 'declined_selfie',
} as const;

async function refusal(run: Promise<unknown>) {
  try {
    await run;
  } catch (error) {
    return error as { code: string; text?: { id: string } };
  }
  assert.fail('expected a refusal');
}

describe('a check by staff without biometrics', async () => {
  const t = await startTestCore();
  after(() => t.close());

  it('is its own outcome in Today, History and the CSV, and never verified anywhere', async () => {
    const view = await t.call('sessions.manualCheck', check);
    assert.equal(view.status, 'checked_by_staff');
    assert.equal(view.phase, 'checked_by_staff');
    assert.equal(view.id, null, 'no Stripe session');
    assert.deepEqual(view.manualCheck, {
      documentType: 'driving_license',
      lastDigits: '4821',
      outcome: 'accepted',
      reason: 'declined_selfie',
    });

    const today = await t.call('sessions.list', {});
    const listed = today.find((s) => s.reference === 'Order 9001');
    assert.equal(listed?.status, 'checked_by_staff');
    const history = await t.call('history.search', { reference: 'Order 9001', page: 0, pageSize: 10 });
    assert.deepEqual(
      history.rows.map((r) => r.status),
      ['checked_by_staff'],
    );
    const verifiedOnly = await t.call('history.search', { status: 'verified', page: 0, pageSize: 100 });
    assert.equal(verifiedOnly.rows.filter((r) => r.reference === 'Order 9001').length, 0);

    const { csv } = await t.call('history.exportCsv', { reference: 'Order 9001' });
    const [header, row] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(
      header!,
      /Document seen by staff,Last digits seen,Staff check outcome,Why checked by staff$/,
    );
    assert.match(row!, /,checked_by_staff,/);
    assert.match(row!, /,driving_license,4821,accepted,declined_selfie$/);
    assert.doesNotMatch(row!, /verified/);

    // On disk: the record says checked_by_staff, and no record says verified.
    const files = readdirSync(t.dir).filter((f) => f.startsWith('simulator-history-') && f.endsWith('.json'));
    const disk = files.map((f) => readFileSync(join(t.dir, f), 'utf8')).join('\n');
    assert.match(disk, /"status":"checked_by_staff"/);
    assert.doesNotMatch(disk, /"status":"verified"/);
  });

  it('refuses more than the last four digits, in words', async () => {
    for (const lastDigits of ['12345', 'D1234567']) {
      const error = await refusal(t.call('sessions.manualCheck', { ...check, lastDigits }));
      assert.equal(error.code, 'invalid_input');
      assert.equal(error.text?.id, 'manual_last_digits');
    }
    const none = await t.call('sessions.manualCheck', { ...check, reference: 'Order 9002', lastDigits: '' });
    assert.equal(none.manualCheck?.lastDigits, null);
  });

  it('is a manager’s: a clerk is refused while sign-in is on; the audit trail names who and why', async () => {
    const mika = await t.call('staff.addMember', { name: 'Mika Sato', role: 'manager', pin: '4826' });
    const aiko = await t.call('staff.addMember', { name: 'Aiko Ito', role: 'clerk', pin: '3719' });
    await t.call('staff.setEnabled', { enabled: true });
    await t.call('staff.signIn', { memberId: aiko.id, pin: '3719' });
    const refused = await refusal(t.call('sessions.manualCheck', { ...check, reference: 'Order 9003' }));
    assert.equal(refused.code, 'not_permitted');
    await t.call('staff.signIn', { memberId: mika.id, pin: '4826' });
    const view = await t.call('sessions.manualCheck', {
      ...check,
      reference: 'Order 9004',
      outcome: 'not_accepted',
    });
    assert.equal(view.status, 'checked_by_staff');
    const entry = (await t.call('audit.list', {})).entries.find(
      (e) => e.action === 'sessions.manualCheck' && e.outcome === 'ok',
    );
    assert.equal(entry?.actor?.name, 'Mika Sato');
    assert.equal(entry?.reference, 'Order 9004');
    assert.equal(entry?.detail, 'driving_license, not_accepted, declined_selfie');
    assert.ok(!JSON.stringify(entry).includes('4821'), 'the digits stay in the history, off the trail');
  });
});
