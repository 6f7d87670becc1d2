/**
 * A core refusal said in the console's language, end to end in Chromium: with the station in
 * Japanese, staff set a trivial kiosk PIN in Settings and read the core's specific reason (a run
 * of digits, one digit repeated) in Japanese, with no English words; back in English the same
 * refusal gives the English reason. The error crosses the harness's bridge as the window gets it
 * from main: a code, the English message and the text's id with params.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chooseStationLanguage, openStage, type Stage } from '../support/e2e.ts';

/** Names the Japanese console keeps as they are written ("PIN" is the word staff use). */
const KEPT_AS_WRITTEN = /PIN|\d{4}/g;

describe('e2e: a core refusal in the console’s language', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ kiosk: true, station: 'kiosk-1' });
  });
  after(async () => {
    await stage?.close();
  });

  const chooseLanguage = (value: 'en' | 'ja', tag: string) => chooseStationLanguage(stage.staff, value, tag);

  /** Sets `pin` in the kiosk settings; the refusal the console shows (title and text). */
  async function refusedPin(pin: string): Promise<{ code: string | null; text: string }> {
    const { staff } = stage;
    const section = staff.getByTestId('kiosk-settings');
    await section.locator('#kiosk-pin').fill(pin);
    await section.getByTestId('kiosk-pin-save').click();
    const note = section.getByTestId('error');
    await note.waitFor();
    const shown = { code: await note.getAttribute('data-code'), text: (await note.innerText()).trim() };
    await note.getByRole('button').click();
    await note.waitFor({ state: 'detached' });
    return shown;
  }

  it('in Japanese, a trivial PIN is refused with its specific reason, no English', async () => {
    await chooseLanguage('ja', 'ja-JP');
    const run = await refusedPin('1234');
    assert.equal(run.code, 'invalid_input');
    assert.match(run.text, /入力内容に修正が必要です/, 'the code’s title');
    assert.match(run.text, /このPINは連続した数字のため、推測されやすく使用できません。/, run.text);
    const latin = run.text.replace(KEPT_AS_WRITTEN, ' ').match(/[A-Za-z]{2,}/g);
    assert.equal(latin, null, `no English in ${run.text}`);

    const repeated = await refusedPin('7777');
    assert.match(repeated.text, /このPINは同じ数字の繰り返しのため/, repeated.text);
    assert.equal(repeated.text.replace(KEPT_AS_WRITTEN, ' ').match(/[A-Za-z]{2,}/g), null, repeated.text);
    assert.deepEqual(stage.pageErrors, []);
  });

  it('in English, the same refusal gives the English reason', async () => {
    await chooseLanguage('en', 'en-GB');
    const common = await refusedPin('2580');
    assert.match(common.text, /This PIN is too easy to guess \(it is one of the most common PINs\)\./);
    assert.doesNotMatch(common.text, /[\u3040-\u30ff\u4e00-\u9fff]/, 'no Japanese left');
  });
});
