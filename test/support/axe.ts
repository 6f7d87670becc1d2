/**
 * axe-core over a page of the harness: the violations of one screen, counted by impact, and the
 * table of those counts per screen and language that the README shows (the "axe figures").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../harness/build-renderer.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
export type Impact = (typeof IMPACTS)[number];
/** What the issue asks to be zero on every screen. */
export const BLOCKING: readonly Impact[] = ['critical', 'serious', 'moderate'];

export interface AxeViolation {
  id: string;
  impact: Impact;
  help: string;
  /** The CSS selectors of the offending nodes (at most five). */
  targets: string[];
}

export interface AxeFinding {
  screen: string;
  language: string;
  counts: Record<Impact, number>;
  violations: AxeViolation[];
}

/**
 * Runs axe on the page as it is now. The app's pages and the hosted page forbid inline scripts
 * (script-src 'self'), so `addScriptTag({ content })` would be refused by the page's CSP: the
 * source is evaluated through the DevTools protocol instead, which a page's CSP does not govern.
 */
export async function axeScreen(page: Page, screen: string, language: string): Promise<AxeFinding> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const raw = (await page.evaluate(`axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }).then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`)) as AxeViolation[];
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
  for (const v of raw) counts[v.impact] += 1;
  return { screen, language, counts, violations: raw };
}

/**
 * The violations that must not be there: critical, serious and moderate, on every screen the
 * customer or staff see, the simulator's hosted page included.
 */
export function blocking(finding: AxeFinding): AxeViolation[] {
  return finding.violations.filter((v) => BLOCKING.includes(v.impact));
}

/**
 * The figures as a Markdown table (the README's): one row per screen, one column per language,
 * each cell "critical / serious / moderate / minor".
 */
export function axeTable(findings: readonly AxeFinding[]): string {
  const languages = [...new Set(findings.map((f) => f.language))];
  const screens = [...new Set(findings.map((f) => f.screen))];
  const cell = (screen: string, language: string) => {
    const f = findings.find((x) => x.screen === screen && x.language === language);
    return f ? IMPACTS.map((i) => f.counts[i]).join(' / ') : '—';
  };
  return [
    `| screen (${IMPACTS.join(' / ')}) | ${languages.join(' | ')} |`,
    `| --- | ${languages.map(() => '---').join(' | ')} |`,
    ...screens.map((s) => `| ${s} | ${languages.map((l) => cell(s, l)).join(' | ')} |`),
  ].join('\n');
}

export const AXE_REPORT = join(PROJECT_ROOT, 'test-results/axe-report.json');

export function writeAxeReport(findings: readonly AxeFinding[]): void {
  mkdirSync(dirname(AXE_REPORT), { recursive: true });
  const axeVersion = (require('axe-core/package.json') as { version: string }).version;
  writeFileSync(AXE_REPORT, `${JSON.stringify({ axeVersion, findings }, null, 2)}\n`);
}
