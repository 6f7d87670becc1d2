/** The renderer's pure form logic: start form and settings, checked with the contract's schemas. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../../../contract/errors.ts';
import { describeError } from '../../../../renderer/src/staff/error-text.ts';
import { localError } from '../../../../renderer/src/shared/local-error.ts';
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import { mergeSession, sessionKey } from '../../../../renderer/src/staff/today-list.ts';
import { changedSettings, checkSettings } from '../../../../renderer/src/staff/settings-form.ts';
import {
  checkStartForm,
  EMPTY_START_FORM,
  referenceLooksPersonal,
  toStartInput,
} from '../../../../renderer/src/staff/start-form.ts';
import type { SessionView } from '../../../../contract/ipc.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

describe('start form', () => {
  it('a filled form passes and becomes the contract input', async () => {
    const { input, errors } = await checkStartForm({
      ...EMPTY_START_FORM,
      reference: 'Order 42',
      email: ' a@b.co ',
    });
    assert.deepEqual(errors, {});
    assert.equal(input.type, 'document');
    assert.deepEqual(input.document?.allowedTypes, ['driving_license', 'id_card', 'passport']);
    assert.equal(input.email, ' a@b.co ');
    assert.equal('phone' in input, false);
  });

  it('names each field that needs fixing', async () => {
    const { errors } = await checkStartForm({
      ...EMPTY_START_FORM,
      reference: '',
      email: 'not-an-email',
      phone: '12345',
      allowedTypes: [],
    });
    assert.match(errors.reference ?? '', /reference/i);
    assert.match(errors.email ?? '', /email/i);
    assert.match(errors.phone ?? '', /country code/i);
    assert.match(errors.allowedTypes ?? '', /at least one/i);
  });

  it('an id_number check carries no document options', async () => {
    const input = toStartInput({ ...EMPTY_START_FORM, type: 'id_number', reference: 'R1' });
    assert.equal('document' in input, false);
    assert.deepEqual(
      (await checkStartForm({ ...EMPTY_START_FORM, type: 'id_number', reference: 'R1' })).errors,
      {},
    );
  });

  it('refuses characters that would break a CSV export', async () => {
    assert.ok((await checkStartForm({ ...EMPTY_START_FORM, reference: '=HYPERLINK("x")' })).errors.reference);
  });
});

describe('settings form', () => {
  const good = {
    returnUrl: '',
    fastIntervalMs: '1000',
    slowIntervalMs: '5000',
    idleResetSeconds: '60',
    retentionDays: '90',
    maxAttempts: '3',
    redactAfterDays: '',
    updateFeedUrl: '',
  };
  it('turns text into a settings update', async () => {
    assert.deepEqual((await checkSettings(good)).update, {
      returnUrl: null,
      fastIntervalMs: 1000,
      slowIntervalMs: 5000,
      idleResetSeconds: 60,
      retentionDays: 90,
      maxAttempts: 3,
      redactAfterDays: null,
      updateFeedUrl: null,
    });
    assert.equal(
      (await checkSettings({ ...good, updateFeedUrl: ' https://updates.example.com/countersign ' })).update
        ?.updateFeedUrl,
      'https://updates.example.com/countersign',
    );
  });
  it('an update feed must be https, with no token in its address', async () => {
    for (const bad of ['http://updates.example.com/', 'https://updates.example.com/x?token=abc', 'updates']) {
      const { update, errors } = await checkSettings({ ...good, updateFeedUrl: bad });
      assert.equal(update, null);
      assert.match(
        errors.updateFeedUrl ?? '',
        /must start with https:\/\/ and carry no user, query or fragment/,
      );
    }
  });
  it('redaction at Stripe: empty is never, else a number of days in range', async () => {
    assert.equal((await checkSettings({ ...good, redactAfterDays: '30' })).update?.redactAfterDays, 30);
    const { errors } = await checkSettings({ ...good, redactAfterDays: '0' });
    assert.equal(errors.redactAfterDays, 'Enter a whole number from 1 to 3650 (days).');
  });
  it('gives a message per bad field', async () => {
    const { update, errors } = await checkSettings({
      ...good,
      returnUrl: 'http://example.com/back',
      fastIntervalMs: '9000',
      idleResetSeconds: 'soon',
      maxAttempts: '99',
    });
    assert.equal(update, null);
    assert.match(errors.returnUrl ?? '', /https/);
    assert.match(errors.fastIntervalMs ?? '', /fast interval/);
    assert.equal(errors.idleResetSeconds, 'Enter a whole number from 10 to 3600 (seconds).');
    assert.equal(errors.maxAttempts, 'Enter a whole number from 1 to 10 (attempts).');
  });
  it('a number out of range is said in words, not in the validator’s', async () => {
    const { errors } = await checkSettings({ ...good, idleResetSeconds: '5' });
    assert.equal(errors.idleResetSeconds, 'Enter a whole number from 10 to 3600 (seconds).');
    assert.doesNotMatch(errors.idleResetSeconds ?? '', /too small|expected|>=/i);
  });
});

describe('the reference is not for personal data', () => {
  it('warns for what looks like an email, a phone number or a name', async () => {
    assert.equal(referenceLooksPersonal('jane@example.com'), 'email');
    assert.equal(referenceLooksPersonal('+44 20 7946 0958'), 'phone');
    assert.equal(referenceLooksPersonal('020 7946 0958'), 'phone');
    assert.equal(referenceLooksPersonal('Jane Doe'), 'name');
    assert.equal(referenceLooksPersonal('Mary Ann Smith'), 'name');
  });
  it('order and ticket numbers pass', async () => {
    for (const ok of ['Order 1001', 'Ticket 7', 'A-12345', '2026-12-01 #44', 'Scan 3', '123456789012']) {
      assert.equal(referenceLooksPersonal(ok), null, ok);
    }
  });
});

describe('error text', () => {
  it('every error code has a title, and main’s message is kept', async () => {
    for (const code of ERROR_CODES) {
      const shown = describeError({ code, message: 'Main says what to do.' });
      assert.ok(shown.title.length > 5, code);
      assert.equal(shown.message, 'Main says what to do.');
      assert.ok(describeError({ code, message: '' }).message.length > 10, code);
    }
  });
  it('an unknown code is shown as an internal problem', async () => {
    assert.equal(describeError({ code: 'nope' as never, message: '' }).title, 'Something went wrong');
  });
  it('in Japanese, main’s English message gives way to the catalogue; the renderer’s own is kept', async () => {
    await applyLanguage('ja');
    try {
      for (const code of ERROR_CODES) {
        const shown = describeError({ code, message: 'Main says what to do.' });
        assert.doesNotMatch(`${shown.title}${shown.message}`, /Main says/, code);
        assert.match(shown.title, /[\u3040-\u30ff\u4e00-\u9fff]/, `${code}: ${shown.title}`);
      }
      const own = localError('key_malformed', 'キーを貼り付けてください。');
      assert.equal(describeError(own).message, 'キーを貼り付けてください。');
    } finally {
      await applyLanguage('en');
    }
  });
});

describe('live list', () => {
  const view = (patch: Partial<SessionView>): SessionView => ({
    id: null,
    clientReferenceId: 'c1',
    reference: 'R',
    type: 'document',
    status: 'queued',
    redacted: false,
    lastErrorCode: null,
    lastErrorReason: null,
    attempts: 0,
    maxAttempts: 3,
    created: 1,
    updated: 1,
    livemode: false,
    ...patch,
  });
  it('a queued entry is replaced when it is created, not duplicated', async () => {
    const list = mergeSession([], view({}));
    const next = mergeSession(list, view({ id: 'vs_1', status: 'requires_input' }));
    assert.equal(next.length, 1);
    assert.equal(next[0]?.id, 'vs_1');
    assert.equal(sessionKey(next[0]!), 'c1');
  });
  it('new sessions go on top', async () => {
    const list = mergeSession([view({})], view({ clientReferenceId: 'c2' }));
    assert.deepEqual(list.map(sessionKey), ['c2', 'c1']);
  });
});

describe('settings sent', () => {
  it('only the fields that changed', async () => {
    const loaded = {
      returnUrl: null,
      fastIntervalMs: 1000,
      slowIntervalMs: 5000,
      idleResetSeconds: 60,
      retentionDays: 90,
      maxAttempts: 3,
      redactAfterDays: null,
      language: 'en' as const,
      kioskWalkAwaySeconds: 120,
      kioskOpeningHours: null,
      kioskTimeZone: '',
    };
    assert.deepEqual(changedSettings(loaded, { ...loaded, idleResetSeconds: 45 }), { idleResetSeconds: 45 });
    assert.deepEqual(changedSettings(loaded, loaded), {});
  });
});
