// The electronegativity gate: the app's code passes it, and it does catch a misconfiguration
// (so a pass is not a scan that silently looked at nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = path.join(root, 'scripts', 'electronegativity.mjs');

function scan(...folders: string[]) {
  const r = spawnSync(process.execPath, [script, ...folders], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('main, preload and renderer have no unaccepted HIGH or MEDIUM finding', () => {
  const { status, out } = scan();
  assert.equal(status, 0, out);
  assert.match(out, /checks, Electron 45\./);
});

test('every accepted finding carries a reason', () => {
  const { accepted } = JSON.parse(
    readFileSync(path.join(root, 'security', 'electronegativity-accepted.json'), 'utf8'),
  ) as { accepted: { id: string; file: string; reason: string }[] };
  for (const a of accepted) assert.ok(a.reason.trim().length > 40, `${a.id} needs a real reason`);
});

test('the gate fails on a window without context isolation', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'countersign-eng-fixture-'));
  try {
    mkdirSync(path.join(dir, 'bad'));
    writeFileSync(
      path.join(dir, 'bad', 'main.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'export const w = new BrowserWindow({',
        '  webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false },',
        '});',
        "void w.loadURL('https://example.com');",
      ].join('\n'),
    );
    const { status, out } = scan(path.join(dir, 'bad'));
    assert.equal(status, 1, out);
    assert.match(out, /OPEN\s+CONTEXT_ISOLATION_JS_CHECK/);
    assert.match(out, /OPEN\s+SANDBOX_JS_CHECK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
