/**
 * HTTP range requests (RFC 9110 §14) for the update files: electron-updater's differential
 * download asks for the changed blocks only, several ranges in one request (answered as
 * `multipart/byteranges`) or one (answered with `Content-Range`).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';

export interface ByteRange {
  start: number;
  end: number; // inclusive
}

/**
 * The most ranges one request may ask for (more is answered with the whole file): electron-updater
 * asks for up to 1,000 at once (its Range header, up to ~20 KB, fits server.ts's header limit).
 */
export const MAX_RANGES = 1000;

/**
 * The ranges a `Range` header asks for within `size` bytes: null for none or one this server
 * ignores (answer 200 with the whole file), 'unsatisfiable' for 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return null;
  const parts = (m[1] ?? '').split(',');
  if (parts.length > MAX_RANGES) return null;
  const ranges: ByteRange[] = [];
  for (const part of parts) {
    const r = /^\s*(\d*)-(\d*)\s*$/.exec(part);
    if (!r || (r[1] === '' && r[2] === '')) return null;
    let start: number;
    let end: number;
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix === 0) continue;
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(r[1]);
      if (start >= size) continue;
      end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
      if (end < start) return null;
    }
    ranges.push({ start, end });
  }
  return ranges.length === 0 ? 'unsatisfiable' : ranges;
}

/** Sends a stored file (200, 206 or 416) with `Accept-Ranges: bytes`. */
export function sendFile(
  reply: FastifyReply,
  path: string,
  size: number,
  rangeHeader: string | undefined,
  head: boolean,
): FastifyReply {
  reply.header('accept-ranges', 'bytes').header('cache-control', 'no-store');
  const ranges = parseRange(rangeHeader, size);
  if (ranges === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${size}`).send();
  }
  const type = 'application/octet-stream';
  if (ranges === null) {
    reply.code(200).type(type).header('content-length', String(size));
    return head ? reply.send() : reply.send(createReadStream(path));
  }
  if (ranges.length === 1) {
    const { start, end } = ranges[0] as ByteRange;
    reply
      .code(206)
      .type(type)
      .header('content-range', `bytes ${start}-${end}/${size}`)
      .header('content-length', String(end - start + 1));
    return head ? reply.send() : reply.send(createReadStream(path, { start, end }));
  }
  const boundary = randomBytes(12).toString('hex');
  const heads = ranges.map(
    (r, i) =>
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
  );
  const tail = `\r\n--${boundary}--\r\n`;
  const length =
    heads.reduce((n, h) => n + Buffer.byteLength(h), 0) +
    ranges.reduce((n, r) => n + r.end - r.start + 1, 0) +
    Buffer.byteLength(tail);
  reply.code(206).type(`multipart/byteranges; boundary=${boundary}`).header('content-length', String(length));
  if (head) return reply.send();
  const out = new PassThrough();
  void (async () => {
    try {
      for (const [i, r] of ranges.entries()) {
        out.write(heads[i]);
        for await (const chunk of createReadStream(path, { start: r.start, end: r.end })) {
          if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
        }
      }
      out.end(tail);
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return reply.send(out);
}
