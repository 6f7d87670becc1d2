/**
 * `npm run hub -- release <channel> <folder> [--stage <percent>] [--draft]`: uploads what
 * electron-builder wrote into <folder> (its `release/` output): every `latest*.yml` there, each
 * file they name and that file's `.blockmap`, checked against the metadata exactly as the fleet
 * page's upload is, then publishes the release to <channel> for <percent> % of its stations
 * (default 100; `--draft` leaves it unpublished for the fleet page).
 *
 * It works on the hub's database and updates folder directly (as `set-admin-password` does): with
 * PostgreSQL while the hub runs; with PGlite (one process at a time) stop the hub first, or upload
 * on the fleet page.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../errors.ts';
import type { Releases } from './releases.ts';
import { FEED_FILES } from './types.ts';

export interface ReleaseArgs {
  channel: string;
  folder: string;
  stage: number | undefined;
  draft: boolean;
}

export const RELEASE_USAGE =
  'usage: npm run hub -- release <channel> <folder> [--stage <percent 0-100>] [--draft]';

export function parseReleaseArgs(argv: readonly string[]): ReleaseArgs | string {
  const rest = [...argv];
  let stage: number | undefined;
  let draft = false;
  const positional: string[] = [];
  while (rest.length > 0) {
    const a = rest.shift() as string;
    if (a === '--draft') draft = true;
    else if (a === '--stage') {
      const v = Number(rest.shift());
      if (!Number.isInteger(v) || v < 0 || v > 100)
        return `--stage takes a whole percentage from 0 to 100\n${RELEASE_USAGE}`;
      stage = v;
    } else if (a.startsWith('--')) return `unknown option ${a}\n${RELEASE_USAGE}`;
    else positional.push(a);
  }
  const [channel, folder] = positional;
  if (!channel || !folder || positional.length > 2) return RELEASE_USAGE;
  return { channel, folder, stage, draft };
}

/** Uploads (and publishes) one release; every line of progress goes to `say`. Throws HubError when refused. */
export async function releaseFromFolder(
  releases: Releases,
  args: ReleaseArgs,
  say: (line: string) => void,
): Promise<void> {
  const metadata: Record<string, string> = {};
  for (const name of FEED_FILES) {
    const path = join(args.folder, name);
    if (existsSync(path)) metadata[name] = await readFile(path, 'utf8');
  }
  if (Object.keys(metadata).length === 0) {
    throw new HubError(400, 'update_metadata_invalid', `No ${FEED_FILES.join(', ')} in ${args.folder}.`);
  }
  let release = await releases.createDraft(args.channel, metadata);
  say(`release ${release.version} for ${release.channel}: ${Object.keys(metadata).join(', ')}`);
  for (const file of release.files) {
    const path = join(args.folder, file.name);
    if (!existsSync(path))
      throw new HubError(
        400,
        'release_incomplete',
        `${file.name} is named by the metadata but is not in ${args.folder}.`,
      );
    release = await releases.putFile(release.id, file.name, createReadStream(path));
    say(`  ${file.name}: ${file.size} bytes, sha512 checked`);
    if (existsSync(`${path}.blockmap`)) {
      release = await releases.putFile(
        release.id,
        `${file.name}.blockmap`,
        createReadStream(`${path}.blockmap`),
      );
      say(`  ${file.name}.blockmap`);
    }
  }
  if (args.draft) {
    say(`kept as a draft (${release.id}): publish it on the fleet page`);
    return;
  }
  const channel = await releases.publish(release.id, args.stage ?? 100);
  say(
    `published: ${channel.name} is on ${channel.current?.version} for ${channel.stagingPercentage} % of its stations`,
  );
}
