/**
 * List endpoints through the SDK: filters, created ranges (with a hand-moved clock, since created
 * has 1-second resolution), cursor pagination both ways, and the Events API type filters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { finish, manualClock, startChecked, waitForStatus } from '../support/simulator.ts';

describe('simulator: lists and pagination', async () => {
  const clock = manualClock(1_800_000_000);
  const { sim, client } = await startChecked({ now: clock.now });
  const { stripe } = client;
  finish(sim, client);

  // Seven sessions, one second apart, oldest first: ids[0] is the oldest.
  const ids: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    clock.set(1_800_000_000 + i);
    const s = await stripe.identity.verificationSessions.create({
      type: i % 2 === 0 ? 'document' : 'id_number',
      client_reference_id: i < 3 ? 'customer-a' : 'customer-b',
    });
    ids.push(s.id);
  }
  const newestFirst = [...ids].reverse();

  test('newest first, default limit 10, has_more, list url', async () => {
    const all = await stripe.identity.verificationSessions.list();
    assert.equal(all.object, 'list');
    assert.equal(all.url, '/v1/identity/verification_sessions');
    assert.deepEqual(
      all.data.map((s) => s.id),
      newestFirst,
    );
    assert.equal(all.has_more, false);
    const two = await stripe.identity.verificationSessions.list({ limit: 2 });
    assert.deepEqual(
      two.data.map((s) => s.id),
      newestFirst.slice(0, 2),
    );
    assert.equal(two.has_more, true);
    await assert.rejects(() => stripe.identity.verificationSessions.list({ limit: 101 }), {
      statusCode: 400,
    });
    await assert.rejects(() => stripe.identity.verificationSessions.list({ limit: 0 }), { statusCode: 400 });
  });

  test('starting_after pages older; ending_before pages newer, still newest first', async () => {
    const page1 = await stripe.identity.verificationSessions.list({ limit: 3 });
    const page2 = await stripe.identity.verificationSessions.list({
      limit: 3,
      starting_after: page1.data.at(-1)!.id,
    });
    const page3 = await stripe.identity.verificationSessions.list({
      limit: 3,
      starting_after: page2.data.at(-1)!.id,
    });
    assert.deepEqual(
      [...page1.data, ...page2.data, ...page3.data].map((s) => s.id),
      newestFirst,
    );
    assert.deepEqual([page1.has_more, page2.has_more, page3.has_more], [true, true, false]);

    // Just newer than the oldest: the two closest to it, with more beyond them.
    const back = await stripe.identity.verificationSessions.list({ limit: 2, ending_before: ids[0]! });
    assert.deepEqual(
      back.data.map((s) => s.id),
      [ids[2], ids[1]],
    );
    assert.equal(back.has_more, true);
    const top = await stripe.identity.verificationSessions.list({ limit: 3, ending_before: ids[4]! });
    assert.deepEqual(
      top.data.map((s) => s.id),
      [ids[6], ids[5]],
    );
    assert.equal(top.has_more, false);

    await assert.rejects(() => stripe.identity.verificationSessions.list({ starting_after: 'vs_unknown' }), {
      statusCode: 404,
      code: 'resource_missing',
      param: 'starting_after',
    });
  });

  test('the SDK auto-pagination walks every page exactly once', async () => {
    const seen: string[] = [];
    for await (const s of stripe.identity.verificationSessions.list({ limit: 2 })) seen.push(s.id);
    assert.deepEqual(seen, newestFirst);
  });

  test('created ranges and an exact created second', async () => {
    const base = 1_800_000_000;
    const range = await stripe.identity.verificationSessions.list({
      created: { gte: base + 2, lt: base + 5 },
    });
    assert.deepEqual(
      range.data.map((s) => s.id),
      [ids[4], ids[3], ids[2]],
    );
    const gtLte = await stripe.identity.verificationSessions.list({
      created: { gt: base + 4, lte: base + 5 },
    });
    assert.deepEqual(
      gtLte.data.map((s) => s.id),
      [ids[5]],
    );
    const exact = await stripe.identity.verificationSessions.list({ created: base + 1 });
    assert.deepEqual(
      exact.data.map((s) => s.id),
      [ids[1]],
    );
    await assert.rejects(
      () => stripe.identity.verificationSessions.list({ created: { after: 1 } } as never),
      { statusCode: 400, code: 'parameter_unknown', param: 'created[after]' },
    );
  });

  test('client_reference_id and status filters', async () => {
    const a = await stripe.identity.verificationSessions.list({ client_reference_id: 'customer-a' });
    assert.deepEqual(
      a.data.map((s) => s.id),
      [ids[2], ids[1], ids[0]],
    );
    await stripe.identity.verificationSessions.cancel(ids[3]!);
    const canceled = await stripe.identity.verificationSessions.list({ status: 'canceled' });
    assert.deepEqual(
      canceled.data.map((s) => s.id),
      [ids[3]],
    );
    const open = await stripe.identity.verificationSessions.list({
      status: 'requires_input',
      client_reference_id: 'customer-b',
    });
    assert.deepEqual(
      open.data.map((s) => s.id),
      [ids[6], ids[5], ids[4]],
    );
    assert.ok(
      open.data.every((s) => s.url && s.client_secret),
      'open sessions carry their link in lists',
    );
    await assert.rejects(() => stripe.identity.verificationSessions.list({ status: 'done' as 'verified' }), {
      statusCode: 400,
      param: 'status',
    });
  });

  test('events: type wildcard, exact type, types[], not both, ending_before for newer events', async () => {
    clock.set(1_800_000_100);
    const s = await stripe.identity.verificationSessions.create({ type: 'document' });
    const done = waitForStatus(sim, s.id, 'verified');
    await sim.submit(s.id, 'verified');
    await done;

    const all = await stripe.events.list({ type: 'identity.verification_session.*', limit: 100 });
    assert.equal(all.data.length, 7 + 1 + 3, 'seven created, one canceled, three for the new session');
    const ordered = all.data.map((e) => e.id);
    assert.deepEqual([...ordered].sort().reverse(), ordered, 'ids sort in creation order, newest first');

    const createdOnly = await stripe.events.list({
      type: 'identity.verification_session.created',
      limit: 100,
    });
    assert.equal(createdOnly.data.length, 8);
    const prefix = await stripe.events.list({ type: 'identity.*', limit: 100 });
    assert.equal(prefix.data.length, all.data.length);
    const none = await stripe.events.list({ type: 'charge.*' });
    assert.equal(none.data.length, 0);

    const several = await stripe.events.list({
      types: ['identity.verification_session.processing', 'identity.verification_session.verified'],
    });
    assert.deepEqual(
      several.data.map((e) => e.type),
      ['identity.verification_session.verified', 'identity.verification_session.processing'],
    );
    await assert.rejects(
      () =>
        stripe.events.list({
          type: 'identity.verification_session.created',
          types: ['identity.verification_session.verified'],
        }),
      { statusCode: 400 },
    );
    await assert.rejects(
      () => stripe.events.list({ types: Array.from({ length: 21 }, (_, i) => `t.${i}`) }),
      { statusCode: 400, param: 'types' },
    );

    // A watcher that remembers its newest event asks for what came after it.
    const cursor = all.data[3]!.id;
    const newer = await stripe.events.list({ ending_before: cursor, limit: 2 });
    assert.deepEqual(
      newer.data.map((e) => e.id),
      ordered.slice(1, 3),
    );
    assert.equal(newer.has_more, true);
    const rest = await stripe.events.list({ ending_before: newer.data[0]!.id, limit: 2 });
    assert.deepEqual(
      rest.data.map((e) => e.id),
      ordered.slice(0, 1),
    );
    assert.equal(rest.has_more, false);

    const since = await stripe.events.list({ created: { gte: 1_800_000_100 }, limit: 100 });
    assert.equal(since.data.length, 3);
  });

  test('verification reports: list by session, type and pagination', async () => {
    clock.set(1_800_000_200);
    const doc = await stripe.identity.verificationSessions.create({ type: 'document' });
    const idn = await stripe.identity.verificationSessions.create({ type: 'id_number' });
    for (const [s, code] of [
      [doc, 'document_unverified_other'],
      [idn, 'id_number_unverified_other'],
    ] as const) {
      const back = waitForStatus(sim, s.id, 'requires_input');
      await sim.submit(s.id, code);
      await back;
    }
    const bySession = await stripe.identity.verificationReports.list({ verification_session: idn.id });
    assert.equal(bySession.data.length, 1);
    assert.equal(bySession.data[0]!.type, 'id_number');
    assert.equal(bySession.data[0]!.id_number?.status, 'unverified');
    const docs = await stripe.identity.verificationReports.list({ type: 'document', limit: 1 });
    assert.equal(docs.data[0]!.verification_session, doc.id);
    const reports = await stripe.identity.verificationReports.list({ created: { gte: 1_800_000_200 } });
    assert.equal(reports.url, '/v1/identity/verification_reports');
    assert.ok(reports.data.length >= 2);
  });
});
