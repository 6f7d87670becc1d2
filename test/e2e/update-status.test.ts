/**
 * A station's update as staff see it, end to end through the harness: the status bar says a
 * downloaded update is ready and when it installs ("installs tonight" on a kiosk with opening
 * hours, "when no verification is open" otherwise), in English and in Japanese; a later failed
 * check does not take it away; and Settings takes an update feed URL for a station without a
 * hub (https only, said in the field), which the core then reads updates from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chooseStationLanguage, openStage, type Stage } from '../support/e2e.ts';

describe('e2e: an update in the status bar, and the update feed in Settings', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  it('says an update is ready and when it installs, in the station’s language', async () => {
    const { staff, harness } = stage;
    const update = staff.getByTestId('status-bar').getByTestId('update');
    harness.core.updates.report({ phase: 'downloading', version: '1.4.0', installs: null });
    await update.filter({ hasText: 'Downloading update 1.4.0…' }).waitFor();
    harness.core.updates.report({ phase: 'ready', version: '1.4.0', installs: 'tonight' });
    await update.filter({ hasText: 'Update 1.4.0 ready: installs tonight, after closing time' }).waitFor();
    harness.core.updates.report({
      phase: 'failed',
      version: '1.5.0',
      installs: null,
      code: 'ERR_CHECKSUM_MISMATCH',
    });
    harness.core.updates.report({ phase: 'ready', version: '1.4.0', installs: 'when_idle' });
    await update.filter({ hasText: 'Update 1.4.0 ready: installs when no verification is open' }).waitFor();

    await chooseStationLanguage(staff, 'ja', 'ja-JP');
    harness.core.updates.report({ phase: 'ready', version: '1.4.0', installs: 'tonight' });
    await update
      .filter({
        hasText: 'アップデート1.4.0の準備ができました。今夜、営業時間の終了後にインストールされます',
      })
      .waitFor();
    await chooseStationLanguage(staff, 'en', 'en-GB');
  });

  it('takes an https update feed in Settings, and refuses one with a token in it', async () => {
    const { staff, harness } = stage;
    await staff.getByTestId('tab-settings').click();
    const field = staff.getByLabel('Update feed (optional, without a hub)');
    await field.fill('https://updates.example.com/countersign?token=abc');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.locator('#setting-updateFeedUrl-hint', { hasText: /must start with https:\/\// }).waitFor();
    assert.equal(await harness.core.updates.feed(), null);
    await field.fill('https://updates.example.com/countersign');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByRole('status').filter({ hasText: /saved/i }).waitFor();
    assert.deepEqual(await harness.core.updates.feed(), {
      url: 'https://updates.example.com/countersign',
      headers: {},
      source: 'settings',
    });
  });
});
