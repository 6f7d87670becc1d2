#!/usr/bin/env node
// Scans the app's Electron code with @doyensec/electronegativity (it parses TypeScript and TSX
// itself) and fails on any HIGH or MEDIUM finding that security/electronegativity-accepted.json
// does not list with a reason. Also fails when a file cannot be parsed: an unparsed file is an
// unscanned file.
//
//   node scripts/electronegativity.mjs            scan main/, preload/ and renderer/
//   node scripts/electronegativity.mjs dir...     scan these folders instead (the tests use it)
//
// The folders are copied into one temporary folder and scanned together, because the global
// checks (CSP, navigation limits, permission handler) look across every file at once.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');

const ELECTRON_VERSION = require('electron/package.json').version;
const GATING = new Set(['HIGH', 'MEDIUM']);
// Needs the network (it downloads Electron's release list) and answers "is there a newer
// Electron?", which the dependency updates answer; everything else runs offline.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const args = process.argv.slice(2);
const folders = (args.length > 0 ? args : ['main', 'preload', 'renderer']).map((f) => resolve(root, f));
const accepted = JSON.parse(
  readFileSync(join(root, 'security/electronegativity-accepted.json'), 'utf8'),
).accepted;

const work = mkdtempSync(join(tmpdir(), 'countersign-electronegativity-'));
let failed = false;
try {
  for (const folder of folders) {
    if (!existsSync(folder)) {
      console.log(`electronegativity: ${basename(folder)}/ does not exist, skipped`);
      continue;
    }
    const relative = folder.startsWith(root)
      ? folder.slice(root.length).replace(/^[/\\]+/, '')
      : basename(folder);
    cpSync(folder, join(work, relative), { recursive: true });
  }

  // The tool prints a line when it cannot fetch updated translations; keep the output ours.
  const log = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run({
      input: work,
      isRelative: true,
      electronVersionOverride: ELECTRON_VERSION,
      excludeFromScan: EXCLUDED_CHECKS,
    });
  } finally {
    console.log = log;
  }

  const parseErrors = result.errors.filter((e) => !e.tolerable);
  for (const e of parseErrors) {
    console.error(
      `electronegativity: could not parse ${e.file.replace(work, '').replace(/^[/\\]+/, '')}: ${e.message}`,
    );
  }

  const isAccepted = (issue) =>
    accepted.find((a) => a.id === issue.id && (a.file === '*' || a.file === issue.file) && a.reason?.trim());
  const gating = result.issues.filter((i) => GATING.has(i.severity.name));
  const open = gating.filter((i) => !isAccepted(i));
  const used = new Set(gating.map(isAccepted).filter(Boolean));

  console.log(
    `electronegativity ${require('@doyensec/electronegativity/package.json').version}: ` +
      `${result.globalChecks + result.atomicChecks} checks, Electron ${ELECTRON_VERSION}, ` +
      `${result.issues.length} findings (${gating.length} HIGH/MEDIUM, ${gating.length - open.length} accepted)`,
  );
  for (const i of gating.filter((x) => isAccepted(x))) {
    console.log(`  accepted ${i.id} ${i.severity.name} ${i.file}:${i.location.line}`);
  }
  for (const i of open) {
    console.error(`  OPEN     ${i.id} ${i.severity.name} ${i.file}:${i.location.line} — ${i.description}`);
  }
  for (const a of accepted) {
    if (!used.has(a) && args.length === 0)
      console.log(`  note: accepted ${a.id} (${a.file}) no longer found; remove it`);
  }
  failed = open.length > 0 || parseErrors.length > 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
