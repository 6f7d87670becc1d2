/**
 * Releases and channels in the database: a release is uploaded as a draft (its metadata, then
 * each file it names, checked on arrival), then published to its channel, where it becomes the
 * current release at a staged percentage; the release it replaces becomes the previous one.
 * Pause, resume, a new stage and rollback change the channel's row: every station sees the change
 * at its next check (nothing is cached).
 */
import type { Readable } from 'node:stream';
import { HubError } from '../errors.ts';
import { randomToken } from '../secrets.ts';
import type { Db } from '../db.ts';
import { FILE_NAME, parseRelease, renderFeed, type Feed } from './metadata.ts';
import { offerFor, inStage, type ChannelState } from './rollout.ts';
import type { BlobStore } from './blob-store.ts';
import {
  CHANNEL_PATTERN,
  DEFAULT_CHANNEL,
  FEED_FILES,
  type ChannelInfo,
  type FeedFile,
  type ReleaseInfo,
  type UpdatesOverview,
} from './types.ts';

/** The largest blockmap taken (electron-builder's are a few hundred KB for a 100 MB installer). */
const BLOCKMAP_MAX = 16 * 1024 * 1024;
/** The largest file a metadata may name. */
export const UPDATE_FILE_MAX = 2 * 1024 * 1024 * 1024;

const refuse = (status: number, code: string, message: string) => new HubError(status, code, message);
export const missingRelease = () => refuse(404, 'resource_missing', 'No such release.');

export function checkChannel(name: unknown): string {
  if (typeof name !== 'string' || !CHANNEL_PATTERN.test(name)) {
    throw refuse(
      400,
      'parameter_invalid',
      'A channel name is 1 to 32 lowercase letters, digits or hyphens, starting with a letter (e.g. stable, beta).',
    );
  }
  return name;
}

export function checkPercentage(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) {
    throw refuse(400, 'parameter_invalid', 'The staged percentage is a whole number from 0 to 100.');
  }
  return n;
}

interface ChannelRow {
  name: string;
  current_release: string | null;
  previous_release: string | null;
  staging_percentage: number;
  paused: boolean;
  rolled_back_at: number | null;
  [k: string]: unknown;
}

const stateOf = (r: ChannelRow | undefined): ChannelState => ({
  current: r?.current_release ?? null,
  previous: r?.previous_release ?? null,
  stagingPercentage: Number(r?.staging_percentage ?? 100),
  paused: r?.paused === true,
});

export class Releases {
  readonly #db: Db;
  readonly #blobs: BlobStore;
  readonly #now: () => number;

  constructor(db: Db, blobs: BlobStore, now: () => number) {
    this.#db = db;
    this.#blobs = blobs;
    this.#now = now;
  }

  /** A new draft from electron-builder's metadata files (name → text); a draft of the same version is replaced. */
  async createDraft(channelName: unknown, metadata: Record<string, string>): Promise<ReleaseInfo> {
    const channel = checkChannel(channelName);
    const { version, feeds, files } = parseRelease(metadata);
    const id = `rel_${randomToken(12)}`;
    await this.#db.transaction(async (tx) => {
      const [existing] = await tx.query<{ id: string; published: number | null }>(
        'SELECT id, published FROM update_releases WHERE channel = $1 AND version = $2 FOR UPDATE',
        [channel, version],
      );
      if (existing?.published != null) {
        throw refuse(
          409,
          'release_exists',
          `Version ${version} is already published on ${channel}. Build a new version to release again.`,
        );
      }
      if (existing) {
        await tx.query('DELETE FROM update_files WHERE release_id = $1', [existing.id]);
        await tx.query('DELETE FROM update_releases WHERE id = $1', [existing.id]);
      }
      await tx.query(
        'INSERT INTO update_releases (id, channel, version, feeds, created) VALUES ($1, $2, $3, $4, $5)',
        [id, channel, version, JSON.stringify(feeds), this.#now()],
      );
      for (const [name, f] of files) {
        await tx.query(
          'INSERT INTO update_files (release_id, name, size, sha512, source) VALUES ($1, $2, $3, $4, $5)',
          [id, name, f.size, f.sha512, sourceOf(feeds, name)],
        );
      }
    });
    return (await this.release(id)) as ReleaseInfo;
  }

  /**
   * One file of a draft, checked against the metadata (size, sha512) as it arrives. A name the
   * metadata lists, or such a name + `.blockmap` (electron-updater's differential download reads
   * it; electron-builder writes it beside the installer and names it nowhere).
   */
  async putFile(releaseId: string, name: string, body: Readable): Promise<ReleaseInfo> {
    const [release] = await this.#db.query<{ published: number | null }>(
      'SELECT published FROM update_releases WHERE id = $1',
      [releaseId],
    );
    if (!release) throw missingRelease();
    const files = await this.#db.query<{ name: string; size: number; sha512: string | null; source: string }>(
      'SELECT name, size, sha512, source FROM update_files WHERE release_id = $1',
      [releaseId],
    );
    const listed = files.find((f) => f.name === name);
    const blockmapOf = name.endsWith('.blockmap')
      ? files.find((f) => f.sha512 !== null && `${f.name}.blockmap` === name)
      : undefined;
    if (!FILE_NAME.test(name) || (!listed && !blockmapOf)) {
      throw refuse(
        400,
        'update_file_unknown',
        `${name} is not named by this release's metadata (expected: ${files
          .filter((f) => f.sha512 !== null)
          .map((f) => f.name)
          .join(', ')}, and their .blockmap files).`,
      );
    }
    const stored = await this.#blobs.put(body, {
      name,
      size: listed && listed.sha512 !== null ? Number(listed.size) : null,
      sha512: listed?.sha512 ?? null,
      source: listed?.source ?? 'the metadata',
      maxSize: listed ? UPDATE_FILE_MAX : BLOCKMAP_MAX,
    });
    await this.#db.query(
      `INSERT INTO update_files (release_id, name, size, sha512, source, blob) VALUES ($1, $2, $3, NULL, $4, $5)
       ON CONFLICT (release_id, name) DO UPDATE SET blob = EXCLUDED.blob, size = CASE WHEN update_files.sha512 IS NULL THEN EXCLUDED.size ELSE update_files.size END`,
      [releaseId, name, stored.size, 'blockmap', stored.blob],
    );
    return (await this.release(releaseId)) as ReleaseInfo;
  }

  async release(id: string): Promise<ReleaseInfo | null> {
    const [r] = await this.#db.query<Record<string, unknown>>(
      'SELECT id, channel, version, feeds, created, published FROM update_releases WHERE id = $1',
      [id],
    );
    if (!r) return null;
    const files = await this.#db.query<{ name: string; size: unknown; blob: string | null }>(
      'SELECT name, size, blob FROM update_files WHERE release_id = $1 ORDER BY name',
      [id],
    );
    return toRelease(r, files);
  }

  /** Makes a complete draft its channel's current release, offered to `stagingPercentage` % of its stations. */
  async publish(id: string, stagingPercentage: unknown): Promise<ChannelInfo> {
    const pct = checkPercentage(stagingPercentage ?? 100);
    const channel = await this.#db.transaction(async (tx) => {
      const [r] = await tx.query<{ channel: string; version: string; published: number | null }>(
        'SELECT channel, version, published FROM update_releases WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!r) throw missingRelease();
      if (r.published != null) {
        throw refuse(409, 'release_exists', `Version ${r.version} is already published on ${r.channel}.`);
      }
      const missing = await tx.query<{ name: string }>(
        'SELECT name FROM update_files WHERE release_id = $1 AND blob IS NULL ORDER BY name',
        [id],
      );
      if (missing.length > 0) {
        throw refuse(
          409,
          'release_incomplete',
          `Upload every file the metadata names first; missing: ${missing.map((m) => m.name).join(', ')}.`,
        );
      }
      await tx.query('UPDATE update_releases SET published = $2 WHERE id = $1', [id, this.#now()]);
      await tx.query(
        `INSERT INTO update_channels (name, current_release, previous_release, staging_percentage, paused, rolled_back_at, updated)
         VALUES ($1, $2, NULL, $3, false, NULL, $4)
         ON CONFLICT (name) DO UPDATE SET previous_release = update_channels.current_release,
           current_release = EXCLUDED.current_release, staging_percentage = EXCLUDED.staging_percentage,
           paused = false, rolled_back_at = NULL, updated = EXCLUDED.updated`,
        [r.channel, id, pct, this.#now()],
      );
      return r.channel;
    });
    return this.channel(channel);
  }

  async setStage(name: string, percentage: unknown): Promise<ChannelInfo> {
    const pct = checkPercentage(percentage);
    return this.#change(name, 'staging_percentage = $2', [pct]);
  }

  async setPaused(name: string, paused: boolean): Promise<ChannelInfo> {
    return this.#change(name, 'paused = $2', [paused]);
  }

  /** Back to the previous release, for every station of the channel at its next check. */
  async rollback(name: string): Promise<ChannelInfo> {
    const [row] = await this.#db.query<ChannelRow>('SELECT * FROM update_channels WHERE name = $1', [
      checkChannel(name),
    ]);
    if (!row) throw refuse(404, 'resource_missing', `No channel ${name}.`);
    if (row.previous_release === null) {
      throw refuse(409, 'rollback_unavailable', `${name} has no previous release to roll back to.`);
    }
    return this.#change(
      name,
      'current_release = previous_release, previous_release = NULL, staging_percentage = 100, paused = false, rolled_back_at = $2',
      [this.#now()],
    );
  }

  async #change(name: string, set: string, params: unknown[]): Promise<ChannelInfo> {
    const rows = await this.#db.query(
      `UPDATE update_channels SET ${set}, updated = ${this.#now()} WHERE name = $1 RETURNING name`,
      [checkChannel(name), ...params],
    );
    if (rows.length === 0)
      throw refuse(404, 'resource_missing', `No channel ${name} (publish a release to it first).`);
    return this.channel(name);
  }

  async channel(name: string): Promise<ChannelInfo> {
    const channels = await this.channels();
    return (
      channels.find((c) => c.name === name) ?? {
        name,
        current: null,
        previous: null,
        stagingPercentage: 100,
        paused: false,
        rolledBackAt: null,
      }
    );
  }

  async channels(): Promise<ChannelInfo[]> {
    const rows = await this.#db.query<
      ChannelRow & { current_version: string | null; previous_version: string | null }
    >(
      `SELECT c.*, cr.version AS current_version, pr.version AS previous_version FROM update_channels c
         LEFT JOIN update_releases cr ON cr.id = c.current_release
         LEFT JOIN update_releases pr ON pr.id = c.previous_release ORDER BY c.name`,
    );
    return rows.map((r) => ({
      name: r.name,
      current: r.current_release ? { id: r.current_release, version: String(r.current_version) } : null,
      previous: r.previous_release ? { id: r.previous_release, version: String(r.previous_version) } : null,
      stagingPercentage: Number(r.staging_percentage),
      paused: r.paused === true,
      rolledBackAt: r.rolled_back_at === null ? null : Number(r.rolled_back_at),
    }));
  }

  async setStoreChannel(store: string, channel: unknown): Promise<void> {
    const name = checkChannel(channel);
    await this.#db.query(
      `INSERT INTO update_store_channels (store, channel) VALUES ($1, $2)
       ON CONFLICT (store) DO UPDATE SET channel = EXCLUDED.channel`,
      [store, name],
    );
  }

  /** The channel a store's stations follow. */
  async storeChannel(store: string): Promise<string> {
    const [r] = await this.#db.query<{ channel: string }>(
      'SELECT channel FROM update_store_channels WHERE store = $1',
      [store],
    );
    return r?.channel ?? DEFAULT_CHANNEL;
  }

  /** The metadata file one station reads now, or null (no release on its channel, or none for that platform). */
  async feedFor(station: { id: string; store: string }, file: FeedFile): Promise<string | null> {
    const channel = await this.storeChannel(station.store);
    const [row] = await this.#db.query<ChannelRow>('SELECT * FROM update_channels WHERE name = $1', [
      channel,
    ]);
    const offer = offerFor(stateOf(row), station.id);
    if (!offer) return null;
    const [r] = await this.#db.query<{ feeds: unknown }>('SELECT feeds FROM update_releases WHERE id = $1', [
      offer.release,
    ]);
    const feeds = (typeof r?.feeds === 'string' ? JSON.parse(r.feeds) : r?.feeds) as
      Partial<Record<FeedFile, Feed>> | undefined;
    const feed = feeds?.[file];
    return feed ? renderFeed(feed.raw, offer.take) : null;
  }

  /**
   * A published file by name, for a station: its channel's releases first (the names carry the
   * version, so the old release's blockmap a differential download asks for is found too).
   */
  async fileFor(station: { store: string }, name: string): Promise<{ path: string; size: number } | null> {
    const channel = await this.storeChannel(station.store);
    const [f] = await this.#db.query<{ blob: string; size: unknown }>(
      `SELECT f.blob, f.size FROM update_files f JOIN update_releases r ON r.id = f.release_id
        WHERE f.name = $1 AND f.blob IS NOT NULL AND r.published IS NOT NULL
        ORDER BY (r.channel = $2) DESC, r.published DESC LIMIT 1`,
      [name, channel],
    );
    if (!f) return null;
    const size = await this.#blobs.size(f.blob);
    return size === null ? null : { path: this.#blobs.path(f.blob), size };
  }

  /** The fleet page's view: channels, each store's channel and its stations' versions, drafts. */
  async overview(): Promise<UpdatesOverview> {
    const channels = await this.channels();
    const stations = await this.#db.query<{
      id: string;
      name: string;
      store: string;
      app_version: string | null;
    }>('SELECT id, name, store, app_version FROM stations WHERE revoked_at IS NULL ORDER BY store, name');
    const assigned = new Map(
      (
        await this.#db.query<{ store: string; channel: string }>(
          'SELECT store, channel FROM update_store_channels',
        )
      ).map((r) => [r.store, r.channel]),
    );
    const stores = new Map<string, UpdatesOverview['stores'][number]>();
    for (const s of stations) {
      const channel = assigned.get(s.store) ?? DEFAULT_CHANNEL;
      const c = channels.find((x) => x.name === channel);
      const entry = stores.get(s.store) ?? { store: s.store, channel, stations: [] };
      entry.stations.push({
        id: s.id,
        name: s.name,
        appVersion: s.app_version,
        inStage:
          c !== undefined && !c.paused && (c.stagingPercentage >= 100 || inStage(s.id, c.stagingPercentage)),
      });
      stores.set(s.store, entry);
    }
    const draftRows = await this.#db.query<{ id: string }>(
      'SELECT id FROM update_releases WHERE published IS NULL ORDER BY created DESC LIMIT 10',
    );
    const drafts = (await Promise.all(draftRows.map((d) => this.release(d.id)))).filter(
      (d): d is ReleaseInfo => d !== null,
    );
    return { channels, stores: [...stores.values()], drafts };
  }
}

function sourceOf(feeds: Partial<Record<FeedFile, Feed>>, file: string): string {
  return FEED_FILES.find((n) => feeds[n]?.files.some((f) => f.url === file)) ?? 'the metadata';
}

function toRelease(
  r: Record<string, unknown>,
  files: Array<{ name: string; size: unknown; blob: string | null }>,
): ReleaseInfo {
  const feeds = (typeof r.feeds === 'string' ? JSON.parse(r.feeds) : r.feeds) as Record<string, unknown>;
  return {
    id: String(r.id),
    channel: String(r.channel),
    version: String(r.version),
    platforms: FEED_FILES.filter((n) => feeds[n] !== undefined),
    files: files.map((f) => ({ name: f.name, size: Number(f.size), uploaded: f.blob !== null })),
    created: Number(r.created),
    published: r.published === null ? null : Number(r.published),
  };
}
