#!/usr/bin/env node
// Draws the app icon (a white check mark on a rounded blue square) and writes it as PNG at
// 1024 px (macOS, from which electron-builder makes the .icns) and 512 px (Linux, Windows),
// with nothing but node:zlib. Re-run after changing the drawing: `node scripts/make-icons.mjs`.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to segment ab, all in unit coordinates. */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Colour at a point of the unit square: [r, g, b, a]. */
function sample(x, y) {
  const margin = 0.06;
  const radius = 0.2;
  const inner =
    Math.max(Math.abs(x - 0.5) - (0.5 - margin - radius), 0) ** 2 +
    Math.max(Math.abs(y - 0.5) - (0.5 - margin - radius), 0) ** 2;
  if (Math.sqrt(inner) > radius) return [0, 0, 0, 0];
  const check = Math.min(
    segmentDistance(x, y, 0.28, 0.52, 0.44, 0.68),
    segmentDistance(x, y, 0.44, 0.68, 0.74, 0.34),
  );
  if (check < 0.055) return [255, 255, 255, 255];
  return [31, 58, 95, 255];
}

function draw(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4; // 4×4 samples per pixel: smooth edges
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy += 1) {
        for (let sx = 0; sx < n; sx += 1) {
          const c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          // Premultiplied, so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i += 1) sum[i] += (c[i] * c[3]) / 255;
          sum[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const alpha = sum[3] / (n * n);
      for (let i = 0; i < 3; i += 1)
        rgba[o + i] = alpha === 0 ? 0 : Math.round((sum[i] / (n * n)) * (255 / alpha));
      rgba[o + 3] = Math.round(alpha);
    }
  }
  return png(size, rgba);
}

for (const [size, name] of [
  [1024, 'icon-1024.png'],
  [512, 'icon.png'],
]) {
  writeFileSync(assets + name, draw(size));
  console.log(`icons: assets/${name} (${size}×${size})`);
}
