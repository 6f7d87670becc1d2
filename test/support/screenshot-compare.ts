/**
 * The README's screenshots are checked against what the current build renders: a screenshot test
 * fails when its committed image (docs/screenshots/NAME.png, shown in README.md or docs/) differs
 * from the new one by more than `MAX_DIFF_PIXELS` pixels, each compared with pixelmatch's colour
 * threshold (anti-aliased edges do not count). What changes from run to run whatever the build
 * (the time of day, a session id, a QR code of a random URL) is left out of the comparison: those
 * regions are painted over in both images before they are compared, never in the image written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Per pixel: how far two colours may be apart and still count as the same (pixelmatch, 0–1). */
export const PIXEL_THRESHOLD = 0.1;
/** Pixels that may differ beyond that before the screenshot counts as changed. */
export const MAX_DIFF_PIXELS = 0;

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Comparison {
  width: number;
  height: number;
  /** Pixels that differ (every pixel when the sizes differ). */
  differing: number;
  /** The changed pixels in red over a faded copy (null when the sizes differ). */
  diff: Buffer | null;
}

/** Paints each region (image pixels) a flat colour, so both images agree there. */
function paintOver(png: PNG, regions: readonly Region[]): void {
  for (const r of regions) {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(png.width, Math.ceil(r.x + r.width));
    const y1 = Math.min(png.height, Math.ceil(r.y + r.height));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * png.width + x) * 4;
        png.data[i] = 255;
        png.data[i + 1] = 0;
        png.data[i + 2] = 255;
        png.data[i + 3] = 255;
      }
    }
  }
}

export function compareScreenshots(
  expected: Buffer,
  actual: Buffer,
  ignore: readonly Region[] = [],
): Comparison {
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { width: b.width, height: b.height, differing: b.width * b.height, diff: null };
  }
  paintOver(a, ignore);
  paintOver(b, ignore);
  const out = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(a.data, b.data, out.data, a.width, a.height, { threshold: PIXEL_THRESHOLD });
  return { width: a.width, height: a.height, differing, diff: PNG.sync.write(out) };
}

/** The screenshots the README and docs/ show (by name, without .png): the ones kept true. */
export function documentedScreenshots(root: string): Set<string> {
  const pages = [
    join(root, 'README.md'),
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(root, 'docs', f)),
  ];
  const names = new Set<string>();
  for (const page of pages) {
    for (const m of readFileSync(page, 'utf8').matchAll(/screenshots\/([\w-]+)\.png/g)) names.add(m[1]!);
  }
  return names;
}
