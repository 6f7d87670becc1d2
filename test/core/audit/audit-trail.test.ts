/**
 * The audit trail nobody can quietly edit: actions through the app core are written to a file
 * on disk; the test then edits an entry, deletes one, reorders two, or cuts the last one off, as
 * someone with the files could, and each is found at the next start, with a notice to staff and
 * an `audit.broken` entry naming where. An untouched trail starts without a notice.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startTestCore, type TestCore } from '../../support/app-core.ts';
import { confFilePath, tempStoreDir } from '../../support/conf-store.ts';

type Entries = Array<Record<string, unknown>>;

/** A core on `dir` that writes a few entries, then closes. */
async function writeTrail(dir: string): Promise<void> {
  const t = await startTestCore({}, dir);
  try {
    await t.call('settings.update', { maxAttempts: 4 });
    await t.call('staff.addMember', { name: 'Mika Sato', role: 'manager', pin: '4826' });
    await t.call('staff.addMember', { name: 'Aiko Ito', role: 'clerk', pin: '3719' });
    await t.call('sessions.start', { type: 'document', reference: 'Order 77' });
  } finally {
    await t.core.close();
  }
}

function tamper(dir: string, change: (entries: Entries) => Entries): void {
  const path = confFilePath(dir, 'audit');
  const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Entries };
  file.entries = change(file.entries);
  writeFileSync(path, JSON.stringify(file));
}

async function restart(dir: string): Promise<TestCore> {
  return startTestCore({}, dir);
}

const TAMPERING: Array<[string, (entries: Entries) => Entries, number]> = [
  [
    'an entry edited (its detail changed)',
    (e) => e.map((x, i) => (i === 1 ? { ...x, detail: 'Someone else (manager)' } : x)),
    2,
  ],
  ['an entry deleted', (e) => e.filter((_x, i) => i !== 1), 2],
  ['two entries reordered', (e) => [e[0]!, e[2]!, e[1]!, ...e.slice(3)], 2],
  ['the last entry cut off', (e) => e.slice(0, -1), 4],
];

describe('the audit trail is hash-chained: a change on disk is found at the next start', () => {
  it('a trail nobody touched starts without a notice, every action on it', async () => {
    const { dir, cleanup } = tempStoreDir('countersign-audit-');
    try {
      await writeTrail(dir);
      const t = await restart(dir);
      try {
        assert.equal((await t.call('app.status', {})).storeNotice, null);
        const list = await t.call('audit.list', {});
        assert.equal(list.broken, null);
        assert.deepEqual(list.entries.map((e) => [e.seq, e.action, e.outcome]).reverse(), [
          [1, 'settings.update', 'ok'],
          [2, 'staff.addMember', 'ok'],
          [3, 'staff.addMember', 'ok'],
          [4, 'sessions.start', 'ok'],
        ]);
        assert.equal(list.entries.at(-1)?.detail, 'changed: maxAttempts');
        assert.equal(
          list.entries[0]?.reference,
          null,
          'a start names its session by the answer, not the args',
        );
        // Each entry chains to the one before.
        const ordered = [...list.entries].reverse();
        for (let i = 1; i < ordered.length; i += 1) assert.equal(ordered[i]!.prev, ordered[i - 1]!.hash);
      } finally {
        await t.core.close();
      }
    } finally {
      cleanup();
    }
  });

  it('killed between an entry and its head (the head one entry behind): no break, and the head moves on', async () => {
    const { dir, cleanup } = tempStoreDir('countersign-audit-');
    try {
      await writeTrail(dir);
      // As an append leaves it when the process dies after the entry and before the head.
      const entries = (JSON.parse(readFileSync(confFilePath(dir, 'audit'), 'utf8')) as { entries: Entries })
        .entries;
      const beforeLast = entries.at(-2)!;
      writeFileSync(
        confFilePath(dir, 'audit-head'),
        JSON.stringify({ head: { seq: beforeLast.seq, hash: beforeLast.hash } }),
      );
      const t = await restart(dir);
      try {
        assert.equal((await t.call('app.status', {})).storeNotice, null);
        assert.equal((await t.call('audit.list', {})).broken, null);
      } finally {
        await t.core.close();
      }
      const head = JSON.parse(readFileSync(confFilePath(dir, 'audit-head'), 'utf8')) as {
        head: { seq: number };
      };
      assert.equal(head.head.seq, entries.at(-1)!.seq, 'the head is on the last entry again');
      // Two behind is not what a kill leaves: the head is checked as before.
      tamper(dir, (e) => e.slice(0, -2));
      const again = await restart(dir);
      try {
        assert.notEqual((await again.call('audit.list', {})).broken, null);
      } finally {
        await again.core.close();
      }
    } finally {
      cleanup();
    }
  });

  for (const [what, change, seq] of TAMPERING) {
    it(`${what}: found at the next start, with a notice to staff`, async () => {
      const { dir, cleanup } = tempStoreDir('countersign-audit-');
      try {
        await writeTrail(dir);
        tamper(dir, change);
        const t = await restart(dir);
        try {
          const status = await t.call('app.status', {});
          assert.deepEqual(status.storeNotice, { code: 'audit_broken', params: { seq } });
          const list = await t.call('audit.list', {});
          assert.equal(list.broken?.seq, seq);
          assert.equal(list.entries[0]?.action, 'audit.broken', 'the finding is itself on the trail');
          // The trail goes on after the break, and the break is found again at every start.
          await t.call('settings.update', { maxAttempts: 5 });
        } finally {
          await t.core.close();
        }
        const again = await restart(dir);
        try {
          assert.equal((await again.call('audit.list', {})).broken?.seq, seq);
        } finally {
          await again.core.close();
        }
      } finally {
        cleanup();
      }
    });
  }
});
