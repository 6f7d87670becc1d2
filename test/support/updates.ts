/**
 * What the update tests share: releases made as electron-builder makes them (an installer and a
 * .deb of pseudo-random bytes, their blockmaps by electron-builder's own `buildBlockMap`, and
 * `latest.yml` / `latest-linux.yml` with size and sha512), the fleet API's upload, and
 * electron-updater's own updaters run under Node: a stub of its AppAdapter (the only part that
 * needs Electron's `app`) and builder-util's Node HTTP executor in place of Electron's `net`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { AppUpdater } from 'electron-updater';

const require = createRequire(import.meta.url);

/** electron-builder's blockmap (the same code `npm run dist` runs): gzip JSON beside the file. */
const { buildBlockMap } = require('app-builder-lib/out/targets/blockmap/blockmap.js') as {
  buildBlockMap: (file: string, format: 'gzip', out: string) => Promise<{ size: number; sha512: string }>;
};
/** builder-util's Node HTTP executor (electron-updater's own uses Electron's `net`). */
export const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor.js') as {
  NodeHttpExecutor: new () => unknown;
};

/** Deterministic bytes (xorshift), so two versions can share most of their blocks. */
export function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out;
}

export const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');

export interface BuiltRelease {
  version: string;
  dir: string;
  exe: string;
  deb: string;
  metadata: Record<string, string>;
}

/**
 * One release in `dir` as electron-builder writes it: `Countersign-Setup-<v>.exe` (+ .blockmap),
 * `countersign_<v>_amd64.deb`, `latest.yml`, `latest-linux.yml`. `installer` is the exe's content.
 */
export async function buildRelease(dir: string, version: string, installer: Buffer): Promise<BuiltRelease> {
  mkdirSync(dir, { recursive: true });
  const exe = `Countersign-Setup-${version}.exe`;
  const deb = `countersign_${version}_amd64.deb`;
  writeFileSync(join(dir, exe), installer);
  await buildBlockMap(join(dir, exe), 'gzip', join(dir, `${exe}.blockmap`));
  const debBytes = Buffer.concat([
    Buffer.from(`!<arch>\n${version}\n`),
    bytes(40_000, version.length * 7919),
  ]);
  writeFileSync(join(dir, deb), debBytes);
  const yml = (file: string, data: Buffer) =>
    [
      `version: ${version}`,
      'files:',
      `  - url: ${file}`,
      `    sha512: ${sha512(data)}`,
      `    size: ${data.length}`,
      `path: ${file}`,
      `sha512: ${sha512(data)}`,
      "releaseDate: '2026-12-01T09:00:00.000Z'",
      '',
    ].join('\n');
  const metadata = { 'latest.yml': yml(exe, installer), 'latest-linux.yml': yml(deb, debBytes) };
  for (const [name, text] of Object.entries(metadata)) writeFileSync(join(dir, name), text);
  return { version, dir, exe, deb, metadata };
}

/** The fleet API as the page uses it: a signed-in admin's cookie and CSRF token. */
export interface Admin {
  cookie: string;
  csrf: string;
}

export async function signInAdmin(hubUrl: string, password: string): Promise<Admin> {
  const form = await fetch(`${hubUrl}/fleet`);
  const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const ok = await fetch(`${hubUrl}/fleet/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: `csrf=${token}&password=${password}`,
  });
  const cookie = (ok.headers.getSetCookie().find((c) => c.startsWith('hub_admin=')) ?? '').split(';')[0]!;
  const csrf = (
    (await (await fetch(`${hubUrl}/fleet/api/csrf`, { headers: { cookie } })).json()) as { csrf: string }
  ).csrf;
  return { cookie, csrf };
}

export const adminPost = (hubUrl: string, admin: Admin, path: string, body: unknown): Promise<Response> =>
  fetch(`${hubUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: JSON.stringify(body),
  });

export const uploadFile = (hubUrl: string, admin: Admin, releaseId: string, name: string, data: Buffer) =>
  fetch(`${hubUrl}/fleet/api/updates/releases/${releaseId}/files/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: data,
  });

/** Uploads a whole release through the fleet API and publishes it at `stage` %. */
export async function uploadRelease(
  hubUrl: string,
  admin: Admin,
  channel: string,
  release: BuiltRelease,
  stage: number,
): Promise<void> {
  const draft = await adminPost(hubUrl, admin, '/fleet/api/updates/releases', {
    channel,
    metadata: release.metadata,
  });
  if (draft.status !== 200) throw new Error(`draft refused: ${draft.status} ${await draft.text()}`);
  const { id } = (await draft.json()) as { id: string };
  for (const name of [release.exe, `${release.exe}.blockmap`, release.deb]) {
    const res = await uploadFile(hubUrl, admin, id, name, readFileSync(join(release.dir, name)));
    if (res.status !== 200) throw new Error(`${name} refused: ${res.status} ${await res.text()}`);
  }
  const published = await adminPost(hubUrl, admin, `/fleet/api/updates/releases/${id}/publish`, {
    stagingPercentage: stage,
  });
  if (published.status !== 200)
    throw new Error(`publish refused: ${published.status} ${await published.text()}`);
}

/**
 * electron-updater's own updater (NsisUpdater, DebUpdater…) for a station running `version`, under
 * Node: `dir` holds its app-update.yml (the cache folder's name, as electron-builder writes it),
 * its user data (the staging id) and its cache. Pointed at the hub's feed with the station's
 * token as a request header, as main/shell/updater.ts does.
 */
export function nodeUpdater<T extends AppUpdater>(
  Updater: new (options: null, app: AppAdapter) => T,
  options: {
    version: string;
    dir: string;
    feedUrl: string;
    token: string;
    platform: NodeJS.Platform;
    seen?: SeenRequest[];
  },
): T {
  mkdirSync(join(options.dir, 'user'), { recursive: true });
  mkdirSync(join(options.dir, 'cache'), { recursive: true });
  writeFileSync(
    join(options.dir, 'app-update.yml'),
    'provider: generic\nurl: unused\nupdaterCacheDirName: countersign-updater\n',
  );
  const app: AppAdapter = {
    version: options.version,
    name: 'Countersign',
    isPackaged: true,
    appUpdateConfigPath: join(options.dir, 'app-update.yml'),
    userDataPath: join(options.dir, 'user'),
    baseCachePath: join(options.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new Updater(null, app);
  const internals = updater as unknown as {
    httpExecutor: unknown;
    _testOnlyOptions: { platform: NodeJS.Platform; isUseDifferentialDownload: boolean };
  };
  internals.httpExecutor = recordingExecutor(options.seen ?? []);
  // Its test switch: the platform whose feed file it reads, and a differential download that
  // fails loudly instead of falling back to the full file.
  internals._testOnlyOptions = { platform: options.platform, isUseDifferentialDownload: true };
  updater.logger = null;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = true;
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  updater.requestHeaders = { authorization: `Bearer ${options.token}` };
  return updater;
}

/** One request an updater made: its path and Range header. */
export interface SeenRequest {
  path: string;
  range: string | null;
}

/**
 * builder-util's Node executor, plus `download` (electron-updater's ElectronHttpExecutor.download
 * over Electron's `net`, here over Node's http: the same builder-util-runtime `doDownload`, whose
 * DigestTransform is the sha512 check), recording every request it makes.
 */
export function recordingExecutor(seen: SeenRequest[]): unknown {
  const { configureRequestOptions, configureRequestUrl } = require('builder-util-runtime') as {
    configureRequestOptions: (o: object) => void;
    configureRequestUrl: (u: URL, o: object) => void;
  };
  const executor = new NodeHttpExecutor() as {
    createRequest: (options: { path?: string; headers?: Record<string, string> }, cb: unknown) => unknown;
    doDownload: (o: object, d: object, n: number) => void;
    download?: unknown;
  };
  const create = executor.createRequest.bind(executor);
  executor.createRequest = (options, cb) => {
    const range =
      Object.entries(options.headers ?? {}).find(([k]) => k.toLowerCase() === 'range')?.[1] ?? null;
    seen.push({ path: options.path ?? '', range });
    return create(options, cb);
  };
  executor.download = (
    url: URL,
    destination: string,
    options: {
      headers?: object;
      cancellationToken: { createPromise: (fn: (...a: never[]) => void) => Promise<string> };
    },
  ) =>
    options.cancellationToken.createPromise(
      (resolve: (v: string) => void, reject: (e: Error) => void, onCancel: unknown) => {
        const requestOptions = { headers: options.headers || undefined, redirect: 'manual' };
        configureRequestUrl(url, requestOptions);
        configureRequestOptions(requestOptions);
        executor.doDownload(
          requestOptions,
          {
            destination,
            options,
            onCancel,
            callback: (error: Error | null) => (error == null ? resolve(destination) : reject(error)),
            responseHandler: null,
          },
          0,
        );
      },
    );
  return executor;
}
