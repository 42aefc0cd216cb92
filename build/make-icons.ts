// Draws LiveManager's tray and app icons as PNG files, so no binary from elsewhere is committed.
// Run with Node 24 (type stripping): `node build/make-icons.ts`. Writes resources/tray/*.png
// (16 px and @2x 32 px) and build/icon.png (512 px, for the installers).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
type Painter = (x: number, y: number) => Rgba; // x, y in 0..1 from the top left

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of size×size, each pixel supersampled 4×4 for smooth edges. */
export function png(size: number, paint: Painter): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0: none
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const [r, g, b, a] = paint((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const alpha = sum[3]! / 16;
      const at = 1 + x * 4;
      row[at] = alpha ? Math.round(sum[0]! / sum[3]!) : 0;
      row[at + 1] = alpha ? Math.round(sum[1]! / sum[3]!) : 0;
      row[at + 2] = alpha ? Math.round(sum[2]! / sum[3]!) : 0;
      row[at + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CLEAR: Rgba = [0, 0, 0, 0];
const dist = (x: number, y: number): number => Math.hypot(x - 0.5, y - 0.5);

/** Idle: a grey ring. Live: a red dot in a ring ("on air"). Error: an amber disc with "!". */
const PAINTERS: Record<'idle' | 'live' | 'error', Painter> = {
  idle: (x, y) => (Math.abs(dist(x, y) - 0.36) < 0.08 ? [150, 156, 168, 255] : CLEAR),
  live: (x, y) => {
    const d = dist(x, y);
    if (d < 0.22) return [235, 52, 64, 255];
    return Math.abs(d - 0.38) < 0.07 ? [235, 52, 64, 255] : CLEAR;
  },
  error: (x, y) => {
    if (dist(x, y) >= 0.46) return CLEAR;
    const bar = Math.abs(x - 0.5) < 0.07 && y > 0.2 && y < 0.6;
    const dot = Math.hypot(x - 0.5, y - 0.74) < 0.075;
    return bar || dot ? [255, 255, 255, 255] : [240, 160, 32, 255];
  },
};

/** The app icon: a dark rounded square with the red "on air" mark. */
const appIcon: Painter = (x, y) => {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (Math.hypot(x - cx, y - cy) > r) return CLEAR;
  const live = PAINTERS.live((x - 0.5) * 1.4 + 0.5, (y - 0.5) * 1.4 + 0.5);
  return live[3] ? live : [20, 23, 31, 255];
};

const root = path.resolve(import.meta.dirname, '..');
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  mkdirSync(path.join(root, 'resources', 'tray'), { recursive: true });
  for (const [name, paint] of Object.entries(PAINTERS)) {
    writeFileSync(path.join(root, 'resources', 'tray', `${name}.png`), png(16, paint));
    writeFileSync(path.join(root, 'resources', 'tray', `${name}@2x.png`), png(32, paint));
  }
  writeFileSync(path.join(root, 'build', 'icon.png'), png(512, appIcon));
  process.stdout.write('Icons written to resources/tray and build/icon.png\n');
}
