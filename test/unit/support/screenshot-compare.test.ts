/**
 * The screenshot comparison (test/support/screenshot-compare.ts): the same image passes, one
 * changed pixel is caught, a shade within pixelmatch's threshold is not, a region that changes
 * every run is left out, a different size is a difference everywhere, and the screenshots
 * checked are the ones README.md and docs/ show.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../../harness/build-renderer.ts';
import {
  compareScreenshots,
  documentedScreenshots,
  MAX_DIFF_PIXELS,
} from '../../support/screenshot-compare.ts';

function image(width: number, height: number, paint?: (x: number, y: number) => number[] | undefined) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = paint?.(x, y) ?? [246, 248, 251];
      png.data[i] = r!;
      png.data[i + 1] = g!;
      png.data[i + 2] = b!;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

describe('screenshot comparison', () => {
  const base = image(64, 48);

  it('the same image: no pixel differs', () => {
    assert.equal(compareScreenshots(base, image(64, 48)).differing, 0);
  });

  it('one changed pixel is more than the README allows', () => {
    const changed = image(64, 48, (x, y) => (x === 30 && y === 20 ? [61, 53, 201] : undefined));
    const result = compareScreenshots(base, changed);
    assert.equal(result.differing, 1);
    assert.ok(result.differing > MAX_DIFF_PIXELS);
    assert.ok(result.diff && PNG.sync.read(result.diff).width === 64, 'the difference is drawn');
  });

  it('a shade within the per-pixel threshold is the same pixel', () => {
    const shaded = image(64, 48, (x, y) => (x === 30 && y === 20 ? [244, 246, 250] : undefined));
    assert.equal(compareScreenshots(base, shaded).differing, 0);
  });

  it('a region that changes every run is left out', () => {
    const clock = image(64, 48, (x, y) => (x >= 10 && x < 30 && y >= 5 && y < 12 ? [26, 31, 54] : undefined));
    assert.ok(compareScreenshots(base, clock).differing > 0);
    assert.equal(compareScreenshots(base, clock, [{ x: 10, y: 5, width: 20, height: 7 }]).differing, 0);
  });

  it('another size differs everywhere', () => {
    assert.equal(compareScreenshots(base, image(64, 50)).differing, 64 * 50);
  });

  it('checks the screenshots the README and docs/ show', () => {
    const names = documentedScreenshots(PROJECT_ROOT);
    for (const name of ['staff-console', 'staff-console-ja', 'kiosk-welcome-en', 'hub-fleet-ja', 'hub-fleet'])
      assert.ok(names.has(name), name);
    assert.ok(!names.has('staff-keychain-locked'), 'a screenshot no page shows is not checked');
  });
});
