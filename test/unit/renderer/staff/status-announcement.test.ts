/** What the staff window's live region announces: a change of a session's state, nothing else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionView } from '../../../../contract/ipc.ts';
import { announce, stateChanges } from '../../../../renderer/src/staff/status-announcement.ts';
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

const view = (patch: Partial<SessionView>): SessionView => ({
  id: 'vs_1',
  clientReferenceId: 'c1',
  reference: 'Order 1',
  type: 'document',
  status: 'requires_input',
  redacted: false,
  lastErrorCode: null,
  lastErrorReason: null,
  attempts: 0,
  maxAttempts: 3,
  created: 1,
  updated: 1,
  livemode: false,
  ...patch,
});

describe('status announcements', () => {
  it('sessions seen for the first time are not news', () => {
    const { changed, now } = stateChanges(new Map(), [view({}), view({ clientReferenceId: 'c2' })]);
    assert.deepEqual(changed, []);
    assert.deepEqual([...now.keys()], ['c1', 'c2']);
  });

  it('a change of state is, once', () => {
    const first = stateChanges(new Map(), [view({}), view({ clientReferenceId: 'c2' })]);
    const verified = view({ status: 'verified', attempts: 1, updated: 2 });
    const second = stateChanges(first.now, [verified, view({ clientReferenceId: 'c2' })]);
    assert.deepEqual(second.changed, [verified]);
    assert.equal(announce(second.changed), 'Order 1: Verified');
    // The same state again (another update of the same session) says nothing.
    const third = stateChanges(second.now, [view({ status: 'verified', attempts: 1, updated: 3 })]);
    assert.deepEqual(third.changed, []);
  });

  it('a failed check is a change even though Stripe says requires_input again', () => {
    const first = stateChanges(new Map(), [view({ attempts: 1 })]);
    const failed = view({ attempts: 1, lastErrorCode: 'document_expired' });
    assert.deepEqual(stateChanges(first.now, [failed]).changed, [failed]);
  });

  it('in Japanese: the catalogue’s punctuation, 「注文1：確認済み、注文2：キャンセル済み」', async () => {
    await applyLanguage('ja');
    try {
      const changed = [
        view({ reference: '注文1', status: 'verified', attempts: 1 }),
        view({ reference: '注文2', clientReferenceId: 'c2', status: 'canceled' }),
      ];
      assert.equal(announce(changed), '注文1：確認済み、注文2：キャンセル済み');
    } finally {
      await applyLanguage('en');
    }
  });
});
