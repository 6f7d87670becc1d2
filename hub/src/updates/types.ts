/**
 * The update feed's shapes, written once: the hub builds them (updates/*.ts) and the fleet page
 * reads them. No imports, so the browser build can take this file.
 */

/** The metadata files electron-builder writes beside the installers, one per platform. */
export const FEED_FILES = ['latest.yml', 'latest-mac.yml', 'latest-linux.yml'] as const;
export type FeedFile = (typeof FEED_FILES)[number];

/** The channel a store follows when none was picked for it. */
export const DEFAULT_CHANNEL = 'stable';

/** Channel names: short, plain (they are in URLs of the fleet API and in the page). */
export const CHANNEL_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Why an update upload or a rollout change is refused (each shown from the fleet page's catalogue
 * in the admin's language; the hub's English message names the file and the figures).
 */
export const UPDATE_ERROR_CODES = [
  'update_metadata_invalid', // a latest*.yml that is not electron-builder's, or versions that differ
  'update_file_unknown', // a file no metadata of the release names
  'update_file_mismatch', // wrong size or sha512
  'release_incomplete', // published before every named file was uploaded
  'release_exists', // this channel already has this version published
  'rollback_unavailable', // no previous release to go back to
] as const;
export type UpdateErrorCode = (typeof UPDATE_ERROR_CODES)[number];

export interface ReleaseFileInfo {
  name: string;
  size: number;
  uploaded: boolean;
}

export interface ReleaseInfo {
  id: string;
  channel: string;
  version: string;
  platforms: FeedFile[];
  files: ReleaseFileInfo[];
  created: number;
  published: number | null;
}

export interface ChannelInfo {
  name: string;
  current: { id: string; version: string } | null;
  previous: { id: string; version: string } | null;
  /** The share of the channel's stations offered the current release (0–100). */
  stagingPercentage: number;
  paused: boolean;
  /** When the channel went back to its previous release (until the next publish). */
  rolledBackAt: number | null;
}

/** What `GET /fleet/api/updates` answers. */
export interface UpdatesOverview {
  channels: ChannelInfo[];
  /** Every store with a station, with the channel it follows. */
  stores: Array<{
    store: string;
    channel: string;
    stations: Array<{ id: string; name: string; appVersion: string | null; inStage: boolean }>;
  }>;
  /** Releases not yet published (uploads in progress), newest first. */
  drafts: ReleaseInfo[];
}
