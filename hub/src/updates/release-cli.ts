/** The `release` command of `npm run hub` (cli.ts): its exit code, its words on stdout/stderr. */
import type { Db } from '../db.ts';
import { HubError } from '../errors.ts';
import { migrate } from '../migrations.ts';
import { BlobStore } from './blob-store.ts';
import { Releases } from './releases.ts';
import { parseReleaseArgs, releaseFromFolder } from './release-command.ts';

export async function runRelease(
  open: () => Promise<Db>,
  argv: readonly string[],
  updatesDir: string,
): Promise<number> {
  const args = parseReleaseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`hub: ${args}\n`);
    return 2;
  }
  const db = await open();
  await migrate(db);
  try {
    await releaseFromFolder(new Releases(db, new BlobStore(updatesDir), Date.now), args, (line) =>
      process.stdout.write(`hub: ${line}\n`),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    process.stderr.write(`hub: release refused (${error.code}): ${error.message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
