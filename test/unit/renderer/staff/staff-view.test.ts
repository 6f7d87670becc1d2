/** The staff window's view in its address: what a reload keeps, and nothing else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffHash, staffViewFromHash } from '../../../../renderer/src/staff/staff-view.ts';

describe('the staff view in the address', () => {
  it('round-trips the tab, the chosen session and the filter', () => {
    const view = { tab: 'history', session: 'vs_123abc', filter: 'attention' } as const;
    assert.deepEqual(staffViewFromHash(staffHash(view)), view);
    assert.equal(staffHash(view), '#/staff?view=history&session=vs_123abc&filter=attention');
  });

  it('defaults, and ignores what it does not know', () => {
    assert.deepEqual(staffViewFromHash('#/staff'), { tab: 'console', session: null, filter: 'all' });
    assert.deepEqual(staffViewFromHash('#/staff?view=nope&session=Jane%20Doe&filter=x'), {
      tab: 'console',
      session: null,
      filter: 'all',
    });
    assert.equal(staffHash({ tab: 'console', session: null, filter: 'all' }), '#/staff');
  });
});
