import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debounced, devReloadEnabled, isRendererOutput } from '../../../main/shell/dev-reload.ts';
import { ManualClock } from '../../support/manual-clock.ts';

describe('npm run dev: renderer reload in place', () => {
  it('is on only in an unpackaged app told so by the dev build', () => {
    assert.equal(devReloadEnabled(false, { COUNTERSIGN_DEV_RELOAD: '1' }), true);
    assert.equal(devReloadEnabled(true, { COUNTERSIGN_DEV_RELOAD: '1' }), false, 'never when packaged');
    assert.equal(devReloadEnabled(false, {}), false);
    assert.equal(devReloadEnabled(false, { COUNTERSIGN_DEV_RELOAD: 'yes' }), false);
  });

  it('reloads for the page and its assets, not for scratch files', () => {
    assert.equal(isRendererOutput('staff.html'), true);
    assert.equal(isRendererOutput('customer.html'), true);
    assert.equal(isRendererOutput('staff.html.tmp'), false);
    assert.equal(isRendererOutput('assets/index-3f9a.js'), true);
    assert.equal(isRendererOutput('assets\\index-3f9a.css'), true);
    assert.equal(isRendererOutput('assets/index-3f9a.js.tmp'), false);
    assert.equal(isRendererOutput('.vite/manifest.json'), false);
    assert.equal(isRendererOutput('crash.html~'), false);
  });

  it('one reload for a burst of file events, after the last one', () => {
    const clock = new ManualClock(0);
    let reloads = 0;
    const r = debounced(() => reloads++, 300, clock);
    r.trigger();
    clock.advance(200);
    r.trigger();
    clock.advance(200);
    assert.equal(reloads, 0, 'still writing');
    clock.advance(100);
    assert.equal(reloads, 1);
    r.trigger();
    r.cancel();
    clock.advance(1000);
    assert.equal(reloads, 1, 'a canceled reload does not run');
  });
});
