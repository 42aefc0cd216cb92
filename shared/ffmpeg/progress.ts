/**
 * FFmpeg's `-progress` output: blocks of `key=value` lines, each block ending with
 * `progress=continue` (or `progress=end` when FFmpeg finishes). Fields FFmpeg cannot compute yet
 * are `N/A`. Units differ across versions (`kB` before 6.1, `KiB` after, in stats lines).
 */
export interface FfmpegProgress {
  frame: number | null;
  fps: number | null;
  /** kbit/s (1000 bits) as FFmpeg reports it. */
  bitrateKbps: number | null;
  /** Bytes written to the output so far; the surest sign the destination receives data. */
  totalSizeBytes: number | null;
  /** Output timestamp in microseconds. */
  outTimeUs: number | null;
  dupFrames: number | null;
  dropFrames: number | null;
  /** Encoding speed relative to real time (1 = real time). */
  speed: number | null;
  status: 'continue' | 'end';
}

/** Number or null for `N/A`, empty and anything unparsable. */
function num(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'N/A' || trimmed.toLowerCase() === 'nan') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

const BITRATE_SCALE: Record<string, number> = { '': 0.001, k: 1, m: 1000, g: 1_000_000 };

/** `564.3kbits/s`, ` 1.2Mbits/s`, `N/A` → kbit/s. */
export function parseBitrateKbps(value: string | undefined): number | null {
  const match = /^\s*(-?[\d.]+)\s*([kmg]?)bits\/s\s*$/i.exec(value ?? '');
  if (!match) return null;
  const amount = num(match[1]);
  const scale = BITRATE_SCALE[(match[2] ?? '').toLowerCase()];
  return amount === null || scale === undefined ? null : amount * scale;
}

// FFmpeg has always counted its "kB" in units of 1024 bytes; 6.1 renamed them KiB.
const SIZE_SCALE: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `176384`, `1024kB`, `1024KiB`, `N/A` → bytes. */
export function parseSizeBytes(value: string | undefined): number | null {
  const match = /^\s*(-?[\d.]+)\s*([a-z]*)\s*$/i.exec(value ?? '');
  if (!match) return null;
  const amount = num(match[1]);
  const scale = SIZE_SCALE[(match[2] ?? '').toLowerCase()];
  return amount === null || scale === undefined ? null : Math.round(amount * scale);
}

/** `00:01:02.500000` (also negative, as FFmpeg prints before the first packet) → microseconds. */
export function parseClockUs(value: string | undefined): number | null {
  const match = /^\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)\s*$/.exec(value ?? '');
  if (!match) return null;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return Math.round(seconds * 1_000_000) * (match[1] === '-' ? -1 : 1);
}

/** `1.01x`, ` 0.998x`, `N/A` → 1.01. */
export function parseSpeed(value: string | undefined): number | null {
  const match = /^\s*([\d.]+(?:e[+-]?\d+)?)\s*x\s*$/i.exec(value ?? '');
  return match ? num(match[1]) : null;
}

/** One finished `-progress` block → typed figures. */
export function progressFromFields(fields: ReadonlyMap<string, string>, status: 'continue' | 'end'): FfmpegProgress {
  // out_time_ms is really in microseconds in every FFmpeg release (a historical bug kept for
  // compatibility), so it is only a last resort and read as microseconds.
  const outTimeUs = num(fields.get('out_time_us')) ?? parseClockUs(fields.get('out_time')) ?? num(fields.get('out_time_ms'));
  return {
    frame: num(fields.get('frame')),
    fps: num(fields.get('fps')),
    bitrateKbps: parseBitrateKbps(fields.get('bitrate')),
    totalSizeBytes: parseSizeBytes(fields.get('total_size')),
    outTimeUs,
    dupFrames: num(fields.get('dup_frames')),
    dropFrames: num(fields.get('drop_frames')),
    speed: parseSpeed(fields.get('speed')),
    status,
  };
}

/**
 * Incremental parser: feed it chunks exactly as they come from the pipe (split anywhere, even
 * inside a line or a multi-byte character if decoded upstream), get back every completed block.
 */
export class ProgressParser {
  private pending = '';
  private fields = new Map<string, string>();

  push(chunk: string): FfmpegProgress[] {
    this.pending += chunk;
    const blocks: FfmpegProgress[] = [];
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      const block = this.line(line);
      if (block) blocks.push(block);
      newline = this.pending.indexOf('\n');
    }
    // A garbage stream without newlines must not grow without bound.
    if (this.pending.length > 64 * 1024) this.pending = '';
    return blocks;
  }

  private line(line: string): FfmpegProgress | null {
    const eq = line.indexOf('=');
    if (eq <= 0) return null;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    if (key !== 'progress') {
      this.fields.set(key, value);
      return null;
    }
    const block = progressFromFields(this.fields, value.trim() === 'end' ? 'end' : 'continue');
    this.fields = new Map();
    return block;
  }
}
