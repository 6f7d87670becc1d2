/**
 * Where update files are kept: a configured folder (`HUB_UPDATES_DIR`), each file under the
 * SHA-256 of its content (so a file uploaded twice is kept once and a name never reaches the
 * file system). Several hub instances share the folder (a network mount) as they share the
 * database.
 *
 * An upload is written to a temporary file while its size and sha512 are computed; it is kept
 * only if both match what the release's metadata says, else removed and refused with the figures.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HubError } from '../errors.ts';

export interface Expected {
  name: string;
  /** From the metadata; a blockmap has none (its size is known only once it is read). */
  size: number | null;
  sha512: string | null;
  /** Where the size and hash come from, for the refusal's message (e.g. "latest.yml"). */
  source: string;
  /** The most bytes taken when the size is not known. */
  maxSize: number;
}

export interface Stored {
  blob: string;
  size: number;
  sha512: string;
}

export const fileMismatch = (message: string): HubError => new HubError(400, 'update_file_mismatch', message);

export class BlobStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  path(blob: string): string {
    if (!/^[0-9a-f]{64}$/.test(blob)) throw new Error('not a blob name');
    return join(this.#dir, blob);
  }

  async size(blob: string): Promise<number | null> {
    return stat(this.path(blob)).then(
      (s) => s.size,
      () => null,
    );
  }

  /** Reads `body` to the end into a new blob, or refuses it (nothing kept). */
  async put(body: Readable, expected: Expected): Promise<Stored> {
    await mkdir(this.#dir, { recursive: true });
    const temp = join(this.#dir, `.upload-${randomBytes(8).toString('hex')}`);
    const sha512 = createHash('sha512');
    const sha256 = createHash('sha256');
    const limit = expected.size ?? expected.maxSize;
    let size = 0;
    let tooLarge = false;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) {
              tooLarge = true;
              throw fileMismatch('too large');
            }
            sha512.update(chunk);
            sha256.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temp, { flags: 'wx' }),
      );
      const digest = sha512.digest('base64');
      if (expected.size !== null && size !== expected.size) {
        throw fileMismatch(
          `${expected.name} is ${size} bytes, but ${expected.source} says ${expected.size}. Upload the file electron-builder made with this metadata.`,
        );
      }
      if (expected.sha512 !== null && digest !== expected.sha512) {
        throw fileMismatch(
          `${expected.name} has sha512 ${digest}, but ${expected.source} says ${expected.sha512}. The file is not the one the metadata describes (a corrupt or another build).`,
        );
      }
      const blob = sha256.digest('hex');
      await rename(temp, this.path(blob));
      return { blob, size, sha512: digest };
    } catch (error) {
      await rm(temp, { force: true });
      if (tooLarge) {
        body.resume();
        throw fileMismatch(
          expected.size !== null
            ? `${expected.name} is larger than the ${expected.size} bytes ${expected.source} says.`
            : `${expected.name} is larger than ${expected.maxSize} bytes.`,
        );
      }
      throw error;
    }
  }
}
