/**
 * A store notice on the staff console is said in the console's language, all of it: the core
 * sends a code with params (contract/notices.ts), so a Japanese console shows no English detail
 * (no `lang="en"` part), and the notice follows a change of language.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStage, type Stage } from '../support/e2e.ts';
import { confFilePath } from '../support/conf-store.ts';

describe('e2e: a store notice in the console language', () => {
  let stage: Stage;
  let storeDir: string;
  before(async () => {
    // The simulator's outbox file, damaged, with no backup: the app starts with an empty queue
    // and tells staff.
    storeDir = mkdtempSync(join(tmpdir(), 'countersign-notice-'));
    writeFileSync(confFilePath(storeDir, 'simulator-outbox'), '{"doc": {"seq": 3, "body": ');
    stage = await openStage({ storeDir });
  });
  after(async () => {
    await stage?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('English, then Japanese with no English left in it, then English again', async () => {
    const { staff } = stage;
    const notice = staff.getByTestId('store-notice');
    await notice.filter({ hasText: 'The send queue file was damaged' }).waitFor();
    assert.equal(
      await notice.textContent(),
      'The send queue file was damaged and its backup could not be read, so it starts empty. If anything is missing, contact support.',
    );

    await staff.getByTestId('tab-settings').click();
    await staff.getByTestId('station-language').selectOption('ja');
    await staff.locator('html[lang="ja-JP"]').waitFor({ state: 'attached' });
    await notice.filter({ hasText: '送信待ちファイル' }).waitFor();
    assert.equal(
      await notice.textContent(),
      '送信待ちファイルが破損しており、バックアップも読み込めなかったため、空の状態から始めました。足りないものがあれば、サポートにお問い合わせください。',
    );
    assert.equal(await notice.locator('[lang]').count(), 0, 'no part of it marked as another language');
    assert.doesNotMatch((await notice.innerText()).replace(/Countersign|Stripe/g, ''), /[A-Za-z]/);

    // A reload asks the core again: still the same notice, still in Japanese.
    await staff.reload();
    await staff.locator('html[lang="ja-JP"]').waitFor({ state: 'attached' });
    await notice.filter({ hasText: '送信待ちファイルが破損しており' }).waitFor();

    await staff.getByTestId('tab-settings').click();
    await staff.getByTestId('station-language').and(staff.locator(':enabled')).waitFor();
    await staff.getByTestId('station-language').selectOption('en');
    await notice.filter({ hasText: 'The send queue file was damaged' }).waitFor();
  });
});
