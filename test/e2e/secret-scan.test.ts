/**
 * No secret leaves the core: after a full run through the renderer (the simulator backend, then
 * a stored key against a separate simulator), no secret key, no client_secret and no hosted url
 * is in any file the app wrote, in any line the core logged, or in anything the contract sent
 * to a page. The key appears only masked.
 *
 * It drives its own run rather than reading the other e2e files' leftovers: test files run in
 * parallel, and a scan must see the whole run it judges.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator } from '../../main/simulator/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { memoryKeychain } from '../harness/keychain.ts';
import {
  completeHostedFlow,
  openStage,
  row,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('e2e: secret scan', () => {
  let stage: Stage;
  let stripeLike: RunningSimulator;
  let embedded: RunningSimulator;
  let embeddedKey = '';
  let csv = '';
  let diagnostics = '';
  const EMAIL = 'scan.person@example.com';

  before(async () => {
    // Plays "Stripe" once a key is stored: the key entered is this simulator's.
    stripeLike = await startSimulator({ processingDelayMs: 100 });
    stage = await openStage({
      keychain: memoryKeychain(),
      apiTarget: { host: stripeLike.host, port: stripeLike.port, protocol: 'http' },
    });
    // Kept: it is closed when the key is stored, and its issued secrets are needles.
    embedded = stage.harness.simulator()!;
    embeddedKey = embedded.secretKey;
  });
  after(async () => {
    await stage?.close();
    await stripeLike?.close();
  });

  it('runs verifications through every path that touches a secret', async () => {
    const { staff, customer } = stage;
    // On the embedded simulator: the hosted flow, a failed check and a retry, the result.
    await startVerification(staff, 'Scan 1');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'selfie_face_mismatch');
    await customer.getByTestId('customer-retry').click();
    await completeHostedFlow(customer, 'verified');
    await waitForStatus(staff, 'Scan 1', 'verified');
    await staff.getByTestId('reveal').click();
    await staff.getByTestId('result').waitFor();
    // A QR hand-over, then cancel.
    await startVerification(staff, 'Scan 2');
    await staff.getByTestId('present-qr').click();
    await customer.getByTestId('customer-qr').waitFor();
    await staff.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').click();
    await waitForStatus(staff, 'Scan 2', 'canceled');
    // Offline: queued (with contact details, sealed while queued), then sent when back online.
    embedded.setFaults({ offline: true });
    await staff.getByLabel('Reference (order or ticket)').fill('Scan 2b');
    await staff.getByLabel('Email (optional)').fill(EMAIL);
    await staff.getByTestId('start').click();
    await waitForStatus(staff, 'Scan 2b', 'queued');
    embedded.setFaults({ offline: false });
    await waitForStatus(staff, 'Scan 2b', 'requires_input', 30_000);
    await staff.locator('[data-queued="0"]').waitFor();
    // Redact the verified one.
    await row(staff, 'Scan 1').click();
    await staff.getByTestId('redact').click();
    await staff.getByTestId('confirm-yes').click();
    await row(staff, 'Scan 1').getByText('redacted').waitFor();

    // A key, entered in Settings: from now on the app talks to "Stripe".
    await staff.getByTestId('tab-settings').click();
    await staff.getByLabel('Secret key').fill(stripeLike.secretKey);
    await staff.getByRole('button', { name: 'Save key' }).click();
    await staff.getByTestId('key-note').waitFor();
    await staff.locator('[data-testid="simulator-banner"]').waitFor({ state: 'detached' });
    const masked = (await staff.getByTestId('masked-key').textContent()) ?? '';
    assert.match(masked, /sk_test_/);
    assert.ok(!masked.includes(stripeLike.secretKey));
    assert.equal(await staff.getByLabel('Replace with a new key').inputValue(), '');
    await staff.getByTestId('key-test').click();
    await staff.getByTestId('key-note').filter({ hasText: 'Connection works' }).waitFor();

    await staff.getByTestId('tab-console').click();
    await startVerification(staff, 'Scan 3');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'verified');
    await waitForStatus(staff, 'Scan 3', 'verified');
    await staff.getByTestId('reveal').click();
    await staff.getByTestId('result').waitFor();
    assert.equal(stripeLike.sessions().length, 1);

    // The history, exported as CSV.
    await staff.getByTestId('tab-history').click();
    await staff.getByTestId('history-row').first().waitFor();
    const download = staff.waitForEvent('download');
    await staff.getByTestId('export-csv').click();
    csv = readFileSync((await (await download).path())!, 'utf8');
    assert.match(csv, /Scan 3/);

    // The diagnostics file staff would send to support.
    await staff.getByTestId('tab-settings').click();
    const saved = staff.waitForEvent('download');
    await staff.getByTestId('export-diagnostics').click();
    diagnostics = readFileSync((await (await saved).path())!, 'utf8');
    assert.match(diagnostics, /== Backend/);
    assert.match(diagnostics, /sk_test_…/, 'the key appears masked');
  });

  it('finds no key, client_secret or hosted url in files, logs or anything sent to a page', (t) => {
    const { harness } = stage;
    const issued = [...embedded.issuedSecrets(), ...stripeLike.issuedSecrets()];
    // Every session got a client_secret and at least one hosted-page token.
    assert.ok(issued.filter((x) => x.includes('_secret_')).length >= 4);
    assert.ok(issued.filter((x) => !x.includes('_secret_')).length >= 4);
    const needles = [
      embeddedKey,
      stripeLike.secretKey,
      embeddedKey.slice(-12),
      stripeLike.secretKey.slice(-12),
      ...issued,
      EMAIL,
      '_secret_',
      '/hosted/',
    ];
    // The verified outputs revealed to staff (the simulator's test person): they reach the staff
    // window on request (sessions.result) and nothing else, so the pages are not scanned for them.
    const personal = ['Jenny', 'Rosen', '1234 Main St'];
    const files = filesUnder(harness.storeDir);
    assert.ok(files.length > 3, 'the app wrote its stores');
    const haystacks: Array<[string, string]> = [
      ...files.map((f): [string, string] => [
        `file ${f.slice(harness.storeDir.length)}`,
        readFileSync(f, 'utf8'),
      ]),
      ['core log', harness.coreLog.join('\n')],
      ['CSV export', csv],
      ['diagnostics export', diagnostics],
      ...harness.sent.map((s, i): [string, string] => [`sent #${i} (${s.kind})`, JSON.stringify(s)]),
    ];
    assert.ok(harness.sent.length > 50);
    // The scan reads the real content: the references and session ids are there.
    assert.ok(haystacks.some(([w, x]) => w.startsWith('file') && x.includes('Scan 3')));
    assert.ok(haystacks.some(([w, x]) => w.startsWith('sent') && /"vs_[A-Za-z0-9]+"/.test(x)));
    const hits: string[] = [];
    for (const [where, text] of haystacks) {
      for (const needle of where.startsWith('sent') ? needles : [...needles, ...personal]) {
        if (text.includes(needle)) {
          hits.push(
            `${where} contains ${/^(sk|rk)_/.test(needle) || issued.includes(needle) ? 'a secret' : needle}`,
          );
        }
      }
    }
    const bytes = haystacks.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
    const figures =
      `secret scan: ${files.length} files, ${harness.coreLog.length} log lines, ` +
      `${harness.sent.length} envelopes/events sent to pages, 1 CSV, 1 diagnostics file; ${bytes} bytes; ` +
      `${needles.length + personal.length} needles (${issued.length} issued secrets); hits=${hits.length}`;
    t.diagnostic(figures);
    console.log(figures);
    assert.deepEqual(hits, []);
    // The key did reach the renderer, masked.
    const statuses = harness.sent
      .map((s) => JSON.stringify(s))
      .filter((t) => /"maskedKey":"sk_test_[^"]+"/.test(t));
    assert.ok(statuses.length > 0, 'app.status carried the masked key');
  });
});
