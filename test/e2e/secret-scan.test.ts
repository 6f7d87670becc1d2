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
import type { Keychain } from '../../main/core/vault.ts';
import { startSimulator } from '../../main/simulator/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { completeHostedFlow, openStage, startVerification, waitForStatus, type Stage } from './support.ts';

function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    getPassword: async (s, a) => items.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}/${a}`),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('e2e: secret scan', () => {
  let stage: Stage;
  let stripeLike: RunningSimulator;
  let embeddedKey = '';

  before(async () => {
    // Plays "Stripe" once a key is stored: the key entered is this simulator's.
    stripeLike = await startSimulator({ processingDelayMs: 100 });
    stage = await openStage({
      keychain: memoryKeychain(),
      apiTarget: { host: stripeLike.host, port: stripeLike.port, protocol: 'http' },
    });
    embeddedKey = stage.harness.simulator()!.secretKey;
  });
  after(async () => {
    await stage?.close();
    await stripeLike?.close();
  });

  it('runs verifications through every path that touches a secret', async () => {
    const { staff, customer } = stage;
    // On the embedded simulator: the hosted flow, a failed check and a retry, a QR hand-over.
    await startVerification(staff, 'Scan 1');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'selfie_face_mismatch');
    await customer.getByTestId('customer-retry').click();
    await completeHostedFlow(customer, 'verified');
    await waitForStatus(staff, 'Scan 1', 'verified');
    await staff.getByTestId('reveal').click();
    await staff.getByTestId('result').waitFor();
    await startVerification(staff, 'Scan 2');
    await staff.getByTestId('present-qr').click();
    await customer.getByTestId('customer-qr').waitFor();

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
  });

  it('finds no key, client_secret or hosted url in files, logs or anything sent to a page', () => {
    const { harness } = stage;
    const needles = [
      embeddedKey,
      stripeLike.secretKey,
      embeddedKey.slice(-12),
      stripeLike.secretKey.slice(-12),
      '_secret_',
      '/hosted/',
    ];
    const files = filesUnder(harness.storeDir);
    assert.ok(files.length > 3, 'the app wrote its stores');
    const haystacks: Array<[string, string]> = [
      ...files.map((f): [string, string] => [
        `file ${f.slice(harness.storeDir.length)}`,
        readFileSync(f, 'utf8'),
      ]),
      ['core log', harness.coreLog.join('\n')],
      ...harness.sent.map((s, i): [string, string] => [`sent #${i} (${s.kind})`, JSON.stringify(s)]),
    ];
    assert.ok(harness.sent.length > 50);
    // The scan reads the real content: the references and session ids are there.
    assert.ok(haystacks.some(([w, t]) => w.startsWith('file') && t.includes('Scan 3')));
    assert.ok(haystacks.some(([w, t]) => w.startsWith('sent') && /"vs_[A-Za-z0-9]+"/.test(t)));
    for (const [where, text] of haystacks) {
      for (const needle of needles) {
        assert.ok(
          !text.includes(needle),
          `${where} contains ${needle.startsWith('sk_') ? 'a secret key' : needle}`,
        );
      }
    }
    // The key did reach the renderer, masked.
    const statuses = harness.sent
      .map((s) => JSON.stringify(s))
      .filter((t) => /"maskedKey":"sk_test_[^"]+"/.test(t));
    assert.ok(statuses.length > 0, 'app.status carried the masked key');
  });
});
