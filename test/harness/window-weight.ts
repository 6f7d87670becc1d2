/**
 * What each window's page weighs, read from a built renderer folder (no browser): the scripts its
 * HTML loads and preloads, and the catalogue chunks of the default language that those scripts
 * can fetch (`i18n-en-…`, electron.vite.config.ts names them). It counts every English catalogue
 * a window's code names, fetched at start or not, so it is an upper bound of what the page loads
 * before it draws; the benchmark measures what Chromium actually fetches
 * (bench/renderer-bench.ts). Used by the budget test (test/unit/shell/bundles.test.ts) and the
 * benchmark, so both hold the same budgets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { WindowKind } from '../../contract/ipc.ts';

/** The gzipped JavaScript each window may load before it is interactive, in KB (issue 17). */
export const WINDOW_BUDGET_KB: Readonly<Record<WindowKind, number>> = { staff: 150, customer: 80 };

export interface WindowWeight {
  /** The files, as names under assets/. */
  files: string[];
  /** Each file gzipped on its own (level 9), added up. */
  gzipBytes: number;
  rawBytes: number;
}

export function gzippedSize(bytes: Uint8Array): number {
  return gzipSync(bytes, { level: 9 }).length;
}

/** The asset files a window's page names, and those its scripts name in turn. */
export function windowFiles(rendererDir: string, kind: WindowKind, language = 'en'): string[] {
  const html = readFileSync(join(rendererDir, `${kind}.html`), 'utf8');
  const scripts = [...html.matchAll(/<(?:script|link)[^>]*(?:src|href)="\.\/assets\/([\w.-]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const catalogue = new RegExp(`\\bi18n-${language}-[\\w-]+\\.js\\b`, 'g');
  const files = new Set(scripts);
  for (const script of scripts) {
    for (const m of readFileSync(join(rendererDir, 'assets', script), 'utf8').matchAll(catalogue)) {
      files.add(m[0]);
    }
  }
  return [...files].sort();
}

export function weighFiles(rendererDir: string, files: readonly string[]): WindowWeight {
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(join(rendererDir, 'assets', file));
    rawBytes += bytes.length;
    gzipBytes += gzippedSize(bytes);
  }
  return { files: [...files], gzipBytes, rawBytes };
}

export function windowWeight(rendererDir: string, kind: WindowKind, language = 'en'): WindowWeight {
  return weighFiles(rendererDir, windowFiles(rendererDir, kind, language));
}
