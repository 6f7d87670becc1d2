/**
 * The simulated hosted page over real HTTP, as a browser would use it: GET the page, POST one of
 * its forms, follow the redirect to return_url; a used link answers 410.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OUTCOMES } from '../../main/simulator/session-records.ts';
import { finish, startChecked, waitForStatus } from '../support/simulator.ts';

function formOf(html: string, outcome: string): { action: string; token: string } {
  const forms = html.split('<form').slice(1);
  const form = forms.find((f) => f.includes(`name="outcome" value="${outcome}"`));
  assert.ok(form, `a form for ${outcome}`);
  const action = /action="([^"]+)"/.exec(form)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(action && token);
  return { action, token };
}

describe('simulator: hosted page', async () => {
  const { sim, client } = await startChecked();
  const { stripe } = client;
  finish(sim, client);

  test('the page: self-contained, one button per outcome the session can have, with stable ids', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const res = await fetch(session.url!);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /<title>Stripe Identity — test mode \(simulated\)<\/title>/);
    const offered = [...html.matchAll(/<button[^>]*data-outcome="([a-z_]+)"/g)].map((m) => m[1]);
    // A plain document session: no selfie, ID number, email or phone check runs.
    assert.deepEqual(
      offered,
      OUTCOMES.filter((o) => !/^(selfie|id_number|email|phone)_/.test(o)),
    );
    for (const outcome of offered) assert.match(html, new RegExp(`data-testid="outcome-${outcome}"`));
    assert.equal(new Set(offered).size, offered.length, 'one button each');
    assert.match(html, />Leave</);
    assert.doesNotMatch(html, /<script|<link|src="http|href="http/, 'no scripts or external resources');
  });

  test('POST the verified form → 303 to return_url, processing then verified; the link is then used', async () => {
    const returnUrl = 'https://shop.example/identity/done?order=7';
    const session = await stripe.identity.verificationSessions.create({
      type: 'document',
      return_url: returnUrl,
    });
    const html = await (await fetch(session.url!)).text();
    const { action, token } = formOf(html, 'verified');

    const verified = waitForStatus(sim, session.id, 'verified');
    const res = await fetch(new URL(action, sim.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, outcome: 'verified' }).toString(),
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), returnUrl);
    assert.equal((await stripe.identity.verificationSessions.retrieve(session.id)).status, 'processing');
    await verified;

    const again = await fetch(session.url!);
    assert.equal(again.status, 410);
    assert.match(await again.text(), /expired/);
    const replay = await fetch(new URL(action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token, outcome: 'verified' }),
      redirect: 'manual',
    });
    assert.equal(replay.status, 410);
  });

  test('without return_url: the completion page ("you can return to the counter"); a failed check gives a new working link', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const { action, token } = formOf(await (await fetch(session.url!)).text(), 'document_expired');
    const back = waitForStatus(sim, session.id, 'requires_input');
    const res = await fetch(new URL(action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token, outcome: 'document_expired' }),
    });
    assert.equal(res.status, 200);
    const done = await res.text();
    assert.match(done, /You’re done\./);
    assert.match(done, /You can return to the counter\./);
    assert.match(done, /<html lang="en-GB">/);
    await back;

    assert.equal((await fetch(session.url!)).status, 410, 'the first link was used');
    const fresh = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(fresh.last_error?.code, 'document_expired');
    assert.equal((await fetch(fresh.url!)).status, 200);

    // "Leave" (abandoned) is answered at once: back to requires_input with last_error abandoned.
    const leave = formOf(await (await fetch(fresh.url!)).text(), 'abandoned');
    await fetch(new URL(leave.action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token: leave.token, outcome: 'abandoned' }),
    });
    const left = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(left.status, 'requires_input');
    assert.equal(left.last_error?.code, 'abandoned');
  });

  test('an opened page keeps working while the app keeps retrieving the session', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const html = await (await fetch(session.url!)).text();
    for (let i = 0; i < 60; i += 1) await stripe.identity.verificationSessions.retrieve(session.id);
    const { action, token } = formOf(html, 'consent_declined');
    const res = await fetch(new URL(action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token, outcome: 'consent_declined' }),
    });
    assert.equal(res.status, 200);
    const after = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(after.last_error?.code, 'consent_declined');
  });

  test('bad or missing tokens, unknown sessions and canceled sessions answer 410', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const url = new URL(session.url!);
    assert.equal((await fetch(`${sim.url}${url.pathname}?token=wrong`)).status, 410);
    assert.equal((await fetch(`${sim.url}${url.pathname}`)).status, 410);
    assert.equal((await fetch(`${sim.url}/hosted/vs_unknown?token=x`)).status, 410);
    await stripe.identity.verificationSessions.cancel(session.id);
    assert.equal((await fetch(session.url!)).status, 410);
    assert.equal((await fetch(`${sim.url}/elsewhere`)).status, 404);
  });

  test('the buttons follow the session: ID number codes only for id_number, all 19 codes for a flow with every check', async () => {
    const buttons = async (url: string) =>
      [...(await (await fetch(url)).text()).matchAll(/<button[^>]*data-outcome="([a-z_]+)"/g)].map(
        (m) => m[1],
      );
    const idNumber = await stripe.identity.verificationSessions.create({ type: 'id_number' });
    const idButtons = await buttons(idNumber.url!);
    assert.ok(idButtons.includes('id_number_mismatch'));
    assert.ok(!idButtons.some((o) => o!.startsWith('document_') || o!.startsWith('selfie_')));

    const flow = sim.defineVerificationFlow({
      document: { require_matching_selfie: true, require_id_number: true },
      email: true,
      phone: true,
    });
    const everything = await stripe.identity.verificationSessions.create({ verification_flow: flow });
    const html = await (await fetch(everything.url!)).text();
    assert.deepEqual(
      [...html.matchAll(/<button[^>]*data-outcome="([a-z_]+)"/g)].map((m) => m[1]),
      [...OUTCOMES],
    );
    // The page ends the session with the chosen code, as a click would.
    const { action, token } = formOf(html, 'phone_verification_declined');
    const back = waitForStatus(sim, everything.id, 'requires_input');
    const res = await fetch(new URL(action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token, outcome: 'phone_verification_declined' }),
    });
    assert.equal(res.status, 200);
    await back;
    const after = await stripe.identity.verificationSessions.retrieve(everything.id, {
      expand: ['last_verification_report'],
    });
    assert.equal(after.last_error?.code, 'phone_verification_declined');
    const report = after.last_verification_report as { phone?: { error: { code: string } | null } };
    assert.equal(report.phone?.error?.code, 'phone_verification_declined');

    // A code the page did not offer is refused, and the session is untouched.
    const fresh = await stripe.identity.verificationSessions.retrieve(idNumber.id);
    const form = formOf(await (await fetch(fresh.url!)).text(), 'verified');
    const refused = await fetch(new URL(form.action, sim.url), {
      method: 'POST',
      body: new URLSearchParams({ token: form.token, outcome: 'document_expired' }),
    });
    assert.equal(refused.status, 400);
    assert.equal((await stripe.identity.verificationSessions.retrieve(idNumber.id)).last_error, null);
  });
  test('Accept-Language: ja gives the page in Japanese with lang="ja-JP"; no header or another language gives English', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const ja = await (
      await fetch(session.url!, { headers: { 'Accept-Language': 'ja-JP,ja;q=0.9,en;q=0.8' } })
    ).text();
    assert.match(ja, /<html lang="ja-JP">/);
    assert.match(ja, /<title>Stripe Identity — テストモード（シミュレーション）<\/title>/);
    assert.match(ja, />確認を完了する<small>すべての確認に合格します。<\/small>/);
    assert.match(ja, />途中でやめる</);
    assert.doesNotMatch(ja, />Verify<|Every check passes/);
    // The same buttons and ids in every language: only the words change.
    const ids = (html: string) => [...html.matchAll(/data-outcome="([a-z_]+)"/g)].map((m) => m[1]);
    const en = await (await fetch(session.url!)).text();
    assert.match(en, /<html lang="en-GB">/);
    assert.match(en, />Verify<small>Every check passes.<\/small>/);
    assert.deepEqual(ids(ja), ids(en));
    for (const header of ['fr-FR,fr;q=0.9', '*', 'ja;q=0', 'en;q=0.9,ja;q=0.5']) {
      const html = await (await fetch(session.url!, { headers: { 'Accept-Language': header } })).text();
      assert.match(html, /<html lang="en-GB">/, header);
    }
    const preferred = await (
      await fetch(session.url!, { headers: { 'Accept-Language': 'fr;q=0.9,ja;q=0.8,en;q=0.7' } })
    ).text();
    assert.match(preferred, /<html lang="ja-JP">/, 'the first language the page speaks, by weight');
    // The expired page too.
    const gone = await fetch(`${new URL(session.url!).origin}/hosted/${session.id}?token=nope`, {
      headers: { 'Accept-Language': 'ja' },
    });
    assert.equal(gone.status, 410);
    assert.match(await gone.text(), /<html lang="ja-JP">[\s\S]*このリンクは有効期限が切れています/);
  });

  test('the completion page speaks Japanese to a browser that asks for it, English otherwise', async () => {
    const finish = async (acceptLanguage: string | null) => {
      const session = await stripe.identity.verificationSessions.create({ type: 'document' });
      const { action, token } = formOf(await (await fetch(session.url!)).text(), 'verified');
      const res = await fetch(new URL(action, sim.url), {
        method: 'POST',
        headers: acceptLanguage === null ? {} : { 'Accept-Language': acceptLanguage },
        body: new URLSearchParams({ token, outcome: 'verified' }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('vary'), 'Accept-Language');
      return res.text();
    };
    const ja = await finish('ja-JP,ja;q=0.9,en-US;q=0.8');
    assert.match(ja, /<html lang="ja-JP">/);
    assert.match(ja, /手続きが完了しました。/);
    assert.match(ja, /カウンターへお戻りください。/);
    assert.doesNotMatch(ja, /return to the counter/);
    assert.match(await finish('en-GB,ja;q=0.5'), /<html lang="en-GB">[\s\S]*You can return to the counter\./);
    assert.match(await finish('fr-FR,fr;q=0.9'), /You can return to the counter\./, 'neither: English');
    assert.match(await finish(null), /You can return to the counter\./);
    assert.match(await finish('en;q=0.3,ja;q=0.7'), /カウンターへお戻りください。/, 'q-values decide');
  });
});
