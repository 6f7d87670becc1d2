/**
 * What the hub keeps: after a full verification through the hub (create, a fresh url, the
 * verified result on demand, the stream), no table holds the hosted url, the client_secret or
 * any verified personal data, and no stream message carries them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import {
  StreamClient,
  connectWebhooks,
  createSession,
  enroll,
  openPglite,
  startStripe,
  startTestHub,
} from '../support/hub.ts';

let sim: RunningSimulator;
let hub: RunningHub;
let db: Db;
before(async () => {
  sim = await startStripe();
  db = await openPglite();
  hub = await startTestHub(sim, db);
  await connectWebhooks(sim, hub);
});
after(async () => {
  await hub.close();
  await sim.close();
});

test('no url, client_secret or verified data is stored or streamed', async () => {
  const station = await enroll(hub, 'store-P', 'Counter P');
  const sdk = station.sdk(hub);
  const stream = await StreamClient.open(hub.url, station.token);
  const created = await createSession(sdk, 'ref-privacy');
  assert.ok(created.url && created.client_secret, 'the station gets them');
  await sim.submit(created.id, 'verified');
  await stream.until(() => stream.statusesOf(created.id).includes('verified'), 'verified');
  const result = await sdk.identity.verificationSessions.retrieve(created.id, {
    expand: ['verified_outputs'],
  });
  const outputs = result.verified_outputs;
  assert.ok(outputs?.first_name, 'the verified result passes through on demand');
  const secrets = [created.url, created.client_secret, outputs.first_name, outputs.last_name].filter(
    (v): v is string => typeof v === 'string' && v.length > 2,
  );

  const tables = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  );
  assert.ok(tables.length >= 8);
  let dump = '';
  for (const { tablename } of tables) {
    dump += JSON.stringify(await db.query(`SELECT * FROM "${tablename}"`));
  }
  for (const secret of secrets) assert.ok(!dump.includes(secret), 'not in any table');
  assert.ok(!dump.includes('verified_outputs') && !dump.includes('client_secret'));
  const streamed = JSON.stringify(stream.messages);
  for (const secret of secrets) assert.ok(!streamed.includes(secret), 'not in any stream message');
  assert.ok(!stream.messages.some((m) => 'url' in m.session || 'client_secret' in m.session));
  stream.close();
});
