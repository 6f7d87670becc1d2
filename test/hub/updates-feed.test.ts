/**
 * The hub's update feed (hub/src/updates/) on PGlite, exercised by electron-updater's own code
 * under Node (test/support/updates.ts says what stands in for Electron):
 * - uploads checked against the metadata: a wrong size, a wrong sha512, a file the metadata does
 *   not name, bad metadata, a publish before every file is there, a station's token or a missing
 *   CSRF token — each refused with its code and a message that names the file and the figures,
 *   nothing kept;
 * - the feed only with the station's token in the Authorization header;
 * - electron-updater's GenericProvider parses the served latest.yml; its NsisUpdater downloads the
 *   new installer differentially (the old blockmap, then several ranges in one request, answered
 *   206 multipart/byteranges) and its sha512 check passes; its DebUpdater downloads in full;
 * - a file corrupted on the hub's disk: electron-updater's sha512 check refuses the download and
 *   keeps nothing to install;
 * - `npm run hub -- release` from a folder, and its refusal of a mismatched file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DebUpdater, NsisUpdater } from 'electron-updater';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import { createJsonLogger } from '../../base/logger.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { enroll, openPglite, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';
import {
  NodeHttpExecutor,
  adminPost,
  buildRelease,
  bytes,
  nodeUpdater,
  sha512,
  signInAdmin,
  uploadFile,
  uploadRelease,
  type Admin,
  type BuiltRelease,
  type SeenRequest,
} from '../support/updates.ts';

const PASSWORD = 'correct-horse-battery';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the hub update feed', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let admin: Admin;
  let station: Enrolled;
  let work: string;
  let updatesDir: string;
  let v100: BuiltRelease;
  let v110: BuiltRelease;
  const lines: Array<Record<string, unknown>> = [];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'countersign-updates-'));
    updatesDir = join(work, 'hub-updates');
    sim = await startStripe();
    hub = await startTestHub(sim, await openPglite(), {
      adminPassword: PASSWORD,
      secureCookies: false,
      updatesDir,
      logger: createJsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>), {
        level: 'debug',
      }),
    });
    admin = await signInAdmin(hub.url, PASSWORD);
    station = await enroll(hub, 'Store 1', 'Counter 1', 'counter');
    // 1.1.0 is 1.0.0 with 24 KB changed in the middle and 16 KB more at the end: most blocks shared.
    const old = bytes(400_000, 17);
    const changed = Buffer.concat([
      old.subarray(0, 200_000),
      bytes(24_000, 99),
      old.subarray(224_000),
      bytes(16_000, 5),
    ]);
    v100 = await buildRelease(join(work, 'r100'), '1.0.0', old);
    v110 = await buildRelease(join(work, 'r110'), '1.1.0', changed);
  });
  after(async () => {
    await hub.close();
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  });

  const code = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string } }).error;
  const storedFiles = () => (existsSync(updatesDir) ? readdirSync(updatesDir) : []);

  test('uploads that do not match their metadata are refused, and nothing is kept', async () => {
    // Bad metadata.
    for (const [metadata, fragment] of [
      [{ 'latest.yml': 'version: [1' }, 'not valid YAML'],
      [{ 'latest.yml': 'version: 1.0.0\nfiles: []\n' }, '"files"'],
      [{ 'latest.yml': v100.metadata['latest.yml']!.replace(/sha512: .*/, 'sha512: abc') }, 'sha512'],
      [
        { 'latest.yml': v100.metadata['latest.yml']!.replace(/url: .*/, 'url: ../../etc/passwd') },
        'plain file name',
      ],
      [
        {
          'latest.yml': v100.metadata['latest.yml']!,
          'latest-linux.yml': v110.metadata['latest-linux.yml']!,
        },
        'version 1.1.0',
      ],
      [{ 'other.yml': v100.metadata['latest.yml']! }, 'not an update metadata file'],
    ] as const) {
      const res = await adminPost(hub.url, admin, '/fleet/api/updates/releases', {
        channel: 'stable',
        metadata,
      });
      assert.equal(res.status, 400);
      const error = await code(res);
      assert.equal(error.code, 'update_metadata_invalid');
      assert.ok(error.message.includes(fragment), `${error.message} names ${fragment}`);
    }
    const draft = await adminPost(hub.url, admin, '/fleet/api/updates/releases', {
      channel: 'stable',
      metadata: v100.metadata,
    });
    assert.equal(draft.status, 200);
    const { id } = (await draft.json()) as { id: string };
    const installer = readFileSync(join(v100.dir, v100.exe));

    const short = await uploadFile(hub.url, admin, id, v100.exe, installer.subarray(1));
    assert.equal(short.status, 400);
    const shortError = await code(short);
    assert.equal(shortError.code, 'update_file_mismatch');
    assert.match(
      shortError.message,
      new RegExp(`${v100.exe} is ${installer.length - 1} bytes, but latest.yml says ${installer.length}`),
    );

    const long = await uploadFile(hub.url, admin, id, v100.exe, Buffer.concat([installer, Buffer.from('x')]));
    assert.equal((await code(long)).code, 'update_file_mismatch');

    const flipped = Buffer.from(installer);
    flipped[1234] = (flipped[1234] ?? 0) ^ 0xff;
    const corrupt = await uploadFile(hub.url, admin, id, v100.exe, flipped);
    assert.equal(corrupt.status, 400);
    const corruptError = await code(corrupt);
    assert.equal(corruptError.code, 'update_file_mismatch');
    assert.ok(
      corruptError.message.includes(
        `has sha512 ${sha512(flipped)}, but latest.yml says ${sha512(installer)}`,
      ),
    );

    const unknown = await uploadFile(hub.url, admin, id, 'evil.exe', installer);
    assert.equal((await code(unknown)).code, 'update_file_unknown');

    // Nothing refused was kept.
    assert.deepEqual(storedFiles(), []);

    const early = await adminPost(hub.url, admin, `/fleet/api/updates/releases/${id}/publish`, {
      stagingPercentage: 100,
    });
    assert.equal(early.status, 409);
    const earlyError = await code(early);
    assert.equal(earlyError.code, 'release_incomplete');
    assert.ok(earlyError.message.includes(v100.exe) && earlyError.message.includes(v100.deb));

    // Only the admin uploads: a station's token is no admin, and a POST needs the CSRF token.
    const asStation = await fetch(`${hub.url}/fleet/api/updates/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${station.token}` },
      body: JSON.stringify({ channel: 'stable', metadata: v100.metadata }),
    });
    assert.equal((await code(asStation)).code, 'admin_signin_required');
    const noCsrf = await fetch(`${hub.url}/fleet/api/updates/releases/${id}/files/${v100.exe}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: admin.cookie },
      body: installer,
    });
    assert.equal((await code(noCsrf)).code, 'csrf_invalid');
    assert.deepEqual(storedFiles(), []);
  });

  test('the feed answers only a station token in the Authorization header', async () => {
    await uploadRelease(hub.url, admin, 'stable', v100, 100);
    const url = `${hub.url}/hub/v1/updates/latest.yml`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(`${url}?token=${station.token}`)).status, 401);
    assert.equal((await fetch(url, { headers: { authorization: 'Bearer cs_station_nope' } })).status, 401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${station.token}` } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /version: 1\.0\.0/);
    // A published version cannot be uploaded again.
    const again = await adminPost(hub.url, admin, '/fleet/api/updates/releases', {
      channel: 'stable',
      metadata: v100.metadata,
    });
    assert.equal((await code(again)).code, 'release_exists');
  });

  test("electron-updater's GenericProvider reads the served latest.yml; range requests answer 206", async () => {
    await uploadRelease(hub.url, admin, 'stable', v110, 100);
    const provider = new GenericProvider(
      { provider: 'generic', url: `${hub.url}/hub/v1/updates` },
      {
        channel: null,
        isAddNoCacheQuery: false,
      } as never,
      { executor: new NodeHttpExecutor() as never, platform: 'win32', isUseMultipleRangeRequest: true },
    );
    provider.setRequestHeaders({ authorization: `Bearer ${station.token}` });
    const info = await provider.getLatestVersion();
    assert.equal(info.version, '1.1.0');
    assert.equal(info.stagingPercentage, 100);
    const [file] = provider.resolveFiles(info);
    assert.equal(file?.url.pathname, `/hub/v1/updates/${v110.exe}`);
    assert.equal(file?.info.sha512, sha512(readFileSync(join(v110.dir, v110.exe))));

    const headers = { authorization: `Bearer ${station.token}` };
    const whole = readFileSync(join(v110.dir, v110.exe));
    const one = await fetch(file!.url, { headers: { ...headers, range: 'bytes=100-199' } });
    assert.equal(one.status, 206);
    assert.equal(one.headers.get('accept-ranges'), 'bytes');
    assert.equal(one.headers.get('content-range'), `bytes 100-199/${whole.length}`);
    assert.deepEqual(Buffer.from(await one.arrayBuffer()), whole.subarray(100, 200));
    const beyond = await fetch(file!.url, { headers: { ...headers, range: `bytes=${whole.length + 10}-` } });
    assert.equal(beyond.status, 416);
    const two = await fetch(file!.url, { headers: { ...headers, range: 'bytes=0-9,1000-1009' } });
    assert.equal(two.status, 206);
    assert.match(two.headers.get('content-type') ?? '', /^multipart\/byteranges; boundary=/);
    // As many ranges as electron-updater puts in one request (1,000), with offsets as long as a
    // 1 GB installer's (a ~22 KB header, past Node's default 16 KB): every part, in order.
    const pad = (n: number) => String(n).padStart(10, '0');
    const many = Array.from({ length: 1000 }, (_, i) => `${pad(i * 400)}-${pad(i * 400 + 9)}`);
    const big = await fetch(file!.url, { headers: { ...headers, range: `bytes=${many.join(',')}` } });
    assert.equal(big.status, 206);
    const boundary = /boundary=(\S+)/.exec(big.headers.get('content-type') ?? '')?.[1] ?? '';
    const body = Buffer.from(await big.arrayBuffer()).toString('latin1');
    const parts = body.split(`--${boundary}`).slice(1, -1);
    assert.equal(parts.length, 1000);
    assert.ok(parts[999]?.includes(`Content-Range: bytes 399600-399609/${whole.length}`));
    assert.ok(parts[999]?.endsWith(`\r\n\r\n${whole.subarray(399600, 399610).toString('latin1')}\r\n`));
  });

  test("electron-updater's NsisUpdater downloads 1.1.0 differentially, by ranges, and its sha512 check passes", async () => {
    const dir = join(work, 'station-nsis');
    const seen: SeenRequest[] = [];
    const updater = nodeUpdater(NsisUpdater, {
      seen,
      version: '1.0.0',
      dir,
      feedUrl: `${hub.url}/hub/v1/updates`,
      token: station.token,
      platform: 'win32',
    });
    // The installed version's installer, as electron-updater keeps it after installing.
    const cache = join(dir, 'cache', 'countersign-updater');
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'installer.exe'), readFileSync(join(v100.dir, v100.exe)));
    const check = await updater.checkForUpdates();
    assert.equal(check?.isUpdateAvailable, true);
    assert.equal(check?.updateInfo.version, '1.1.0');
    const [downloaded] = await updater.downloadUpdate();
    const expected = readFileSync(join(v110.dir, v110.exe));
    assert.equal(createHash('sha512').update(readFileSync(downloaded!)).digest('base64'), sha512(expected));
    // Differential: the two blockmaps, then only ranges of the new installer (several in one
    // request), never the whole file.
    const installer = seen.filter((r) => r.path.endsWith(`/${v110.exe}`));
    assert.ok(installer.length > 0 && installer.every((r) => r.range !== null), JSON.stringify(seen));
    assert.ok(
      installer.some((r) => (r.range ?? '').includes(',')),
      'several ranges in one request',
    );
    assert.ok(seen.some((r) => r.path.endsWith(`/${v100.exe}.blockmap`)));
    assert.ok(seen.some((r) => r.path.endsWith(`/${v110.exe}.blockmap`)));
    const asked = installer.flatMap((r) =>
      (r.range ?? '')
        .replace('bytes=', '')
        .split(',')
        .map((part) => {
          const [a, b] = part.split('-').map(Number);
          return (b ?? 0) - (a ?? 0) + 1;
        }),
    );
    const fetched = asked.reduce((n, x) => n + x, 0);
    assert.ok(fetched < expected.length / 3, `fetched ${fetched} of ${expected.length} bytes`);
    process.stdout.write(
      `# differential download: ${fetched} of ${expected.length} bytes in ${installer.length} request(s)\n`,
    );
    const served = lines.filter((l) => l.msg === 'request' && l.route === '/hub/v1/updates/:file');
    assert.ok(served.some((l) => l.status === 206));
  });

  test('a file corrupted on the hub is refused by the sha512 check and never kept to install', async () => {
    const dir = join(work, 'station-deb');
    const updater = nodeUpdater(DebUpdater, {
      version: '1.0.0',
      dir,
      feedUrl: `${hub.url}/hub/v1/updates`,
      token: station.token,
      platform: 'linux',
    });
    // First the whole, good file.
    const check = await updater.checkForUpdates();
    assert.equal(check?.updateInfo.version, '1.1.0');
    const [good] = await updater.downloadUpdate();
    assert.equal(sha512(readFileSync(good!)), sha512(readFileSync(join(v110.dir, v110.deb))));

    // Now the stored blob is damaged (a bad disk): a new station's download must fail.
    const blob = createHash('sha256')
      .update(readFileSync(join(v110.dir, v110.deb)))
      .digest('hex');
    const data = readFileSync(join(updatesDir, blob));
    data[500] = (data[500] ?? 0) ^ 0xff;
    writeFileSync(join(updatesDir, blob), data);
    const dir2 = join(work, 'station-deb-2');
    const second = nodeUpdater(DebUpdater, {
      version: '1.0.0',
      dir: dir2,
      feedUrl: `${hub.url}/hub/v1/updates`,
      token: station.token,
      platform: 'linux',
    });
    await second.checkForUpdates();
    await assert.rejects(second.downloadUpdate(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ERR_CHECKSUM_MISMATCH');
      return true;
    });
    const pending = join(dir2, 'cache', 'countersign-updater', 'pending');
    const left = existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.deb')) : [];
    assert.deepEqual(left, [], 'no corrupt file is left to install');
    writeFileSync(join(updatesDir, blob), readFileSync(join(v110.dir, v110.deb)));
  });

  test('npm run hub -- release uploads a folder, and refuses a file that does not match', () => {
    const dataDir = join(work, 'cli-data');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'hub/src/cli.ts'), 'release', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          HUB_DATA_DIR: dataDir,
          HUB_UPDATES_DIR: join(work, 'cli-updates'),
          DATABASE_URL: '',
        },
        encoding: 'utf8',
      });
    const usage = run(['beta']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run hub -- release <channel> <folder>/);

    const ok = run(['beta', v100.dir, '--stage', '10']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /published: beta is on 1\.0\.0 for 10 % of its stations/);
    assert.match(ok.stdout, /\.blockmap/);

    // The folder's installer replaced by another build: refused, with the figures.
    const bad = join(work, 'bad');
    rmSync(bad, { recursive: true, force: true });
    cpSync(v110.dir, bad, { recursive: true });
    writeFileSync(join(bad, v110.exe), bytes(500, 3));
    const refused = run(['beta', bad]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      new RegExp(`release refused \\(update_file_mismatch\\): ${v110.exe} is 500 bytes, but latest.yml says`),
    );
  });
});
