/**
 * electron-builder's update metadata (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`): read
 * and checked when a release is uploaded, and written back for each station with the
 * `stagingPercentage` the rollout gives it.
 *
 * What is checked: YAML that is a mapping with a version (semver) and a non-empty `files` list,
 * each with a plain file name (no folder, no `..`), a size and a sha512 (base64 of 64 bytes) — as
 * electron-updater reads them. Every metadata file of one release names the same version.
 */
import { dump, load } from 'js-yaml';
import { HubError } from '../errors.ts';
import { FEED_FILES, type FeedFile } from './types.ts';

export interface FeedEntry {
  url: string;
  sha512: string;
  size: number;
}

export interface Feed {
  version: string;
  files: FeedEntry[];
  /** The whole document as uploaded (releaseDate, path, notes…), served back as is. */
  raw: Record<string, unknown>;
}

/** The largest metadata file taken (electron-builder's are a few hundred bytes). */
export const FEED_TEXT_MAX = 64 * 1024;

const SEMVER = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?(?:\+[0-9A-Za-z.-]{1,64})?$/;
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
/** A file electron-builder names: letters, digits, spaces and `._-+()`; never a folder. */
export const FILE_NAME = /^(?!\.)[\w .+()-]{1,200}$/;

export const metadataInvalid = (message: string): HubError =>
  new HubError(400, 'update_metadata_invalid', message);

export const isFeedFile = (name: string): name is FeedFile =>
  (FEED_FILES as readonly string[]).includes(name);

export function parseFeed(name: string, text: string): Feed {
  if (text.length > FEED_TEXT_MAX) throw metadataInvalid(`${name} is larger than ${FEED_TEXT_MAX} bytes.`);
  let doc: unknown;
  try {
    doc = load(text, { json: false });
  } catch {
    throw metadataInvalid(`${name} is not valid YAML.`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw metadataInvalid(`${name} is not electron-builder's update metadata (no mapping).`);
  }
  const raw = doc as Record<string, unknown>;
  const version = raw.version;
  if (typeof version !== 'string' || !SEMVER.test(version)) {
    throw metadataInvalid(`${name}: "version" must be a semantic version such as 1.2.3.`);
  }
  if (!Array.isArray(raw.files) || raw.files.length === 0 || raw.files.length > 20) {
    throw metadataInvalid(`${name}: "files" must list the release's files (1 to 20).`);
  }
  const files = raw.files.map((f: unknown, i): FeedEntry => {
    const entry = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
    const { url, sha512, size } = entry;
    if (typeof url !== 'string' || !FILE_NAME.test(url)) {
      throw metadataInvalid(`${name}: files[${i}].url must be a plain file name.`);
    }
    if (typeof sha512 !== 'string' || !SHA512_BASE64.test(sha512)) {
      throw metadataInvalid(`${name}: files[${i}].sha512 must be a base64 SHA-512.`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) {
      throw metadataInvalid(`${name}: files[${i}].size must be a positive number of bytes.`);
    }
    return { url, sha512, size };
  });
  return { version, files, raw };
}

/**
 * Reads a release's metadata files (name → text): at least one, only known names, one version.
 * Returns the version and, per file name, its expected size and sha512 (a name listed twice must
 * agree).
 */
export function parseRelease(metadata: Record<string, string>): {
  version: string;
  feeds: Partial<Record<FeedFile, Feed>>;
  files: Map<string, { size: number; sha512: string }>;
} {
  const names = Object.keys(metadata);
  if (names.length === 0) {
    throw metadataInvalid(`Give at least one of ${FEED_FILES.join(', ')}.`);
  }
  const feeds: Partial<Record<FeedFile, Feed>> = {};
  const files = new Map<string, { size: number; sha512: string }>();
  let version: string | null = null;
  for (const name of names) {
    if (!isFeedFile(name)) {
      throw metadataInvalid(`${name} is not an update metadata file (${FEED_FILES.join(', ')}).`);
    }
    const feed = parseFeed(name, String(metadata[name]));
    if (version !== null && feed.version !== version) {
      throw metadataInvalid(`${name} is for version ${feed.version}, the others for ${version}.`);
    }
    version = feed.version;
    feeds[name] = feed;
    for (const f of feed.files) {
      const seen = files.get(f.url);
      if (seen && (seen.size !== f.size || seen.sha512 !== f.sha512)) {
        throw metadataInvalid(`${f.url} is listed twice with different sizes or hashes.`);
      }
      files.set(f.url, { size: f.size, sha512: f.sha512 });
    }
  }
  return { version: version as string, feeds, files };
}

/** The metadata as one station reads it: the upload, with the rollout's answer for it. */
export function renderFeed(raw: Record<string, unknown>, take: boolean): string {
  return dump({ ...raw, stagingPercentage: take ? 100 : 0 }, { lineWidth: -1 });
}
