import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { waitFor } from '../ports';

/** 360p H.264 (1 s GOP) + AAC from testsrc2 and a tone: what a typical IPTV channel carries. */
const ENCODE = [
  ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
  ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p', '-b:v', '500k'],
  ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2'],
];

/**
 * An IPTV channel's origin made by FFmpeg at test time: a live HLS stream (one FFmpeg writing a
 * rolling playlist and segments in a temp folder) and, per request, a live MPEG-TS stream (one
 * FFmpeg per connection, as panels serve `.ts`). The fake Xtream panel serves both.
 */
export class ChannelOrigin {
  /** One FFmpeg per open MPEG-TS connection. */
  readonly #ts = new Set<ChildProcess>();

  private constructor(
    readonly dir: string,
    private readonly hls: ChildProcess,
  ) {}

  static async start(): Promise<ChannelOrigin> {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-channel-origin-'));
    const hls = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', ...ENCODE],
        ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', 'delete_segments+temp_file'],
        ...['-hls_segment_filename', path.join(dir, 'seg-%d.ts'), path.join(dir, 'index.m3u8')],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const origin = new ChannelOrigin(dir, hls);
    const killOnExit = (): void => origin.#killAll();
    process.once('exit', killOnExit);
    hls.once('exit', () => process.off('exit', killOnExit));
    await waitFor(() => existsSync(path.join(dir, 'index.m3u8')), {
      timeoutMs: 30_000,
      what: 'the HLS origin to write its playlist',
    });
    return origin;
  }

  /** The live HLS playlist as FFmpeg last wrote it (segment names relative to it). */
  async playlist(): Promise<string | null> {
    return readFile(path.join(this.dir, 'index.m3u8'), 'utf8').catch(() => null);
  }

  async segment(name: string): Promise<Buffer | null> {
    if (!/^seg-\d+\.ts$/.test(name)) return null;
    return readFile(path.join(this.dir, name)).catch(() => null);
  }

  /** A live MPEG-TS stream for one connection; its FFmpeg ends when the reader goes away. */
  tsStream(): Readable {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...ENCODE, '-f', 'mpegts', 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#ts.add(child);
    child.once('exit', () => this.#ts.delete(child));
    child.stdout.once('close', () => child.kill('SIGKILL'));
    return child.stdout;
  }

  /** FFmpeg processes serving MPEG-TS right now (one per open connection). */
  get tsReaders(): number {
    return this.#ts.size;
  }

  async close(): Promise<void> {
    this.#killAll();
    await rm(this.dir, { recursive: true, force: true });
  }

  #killAll(): void {
    this.hls.kill('SIGKILL');
    for (const child of this.#ts) child.kill('SIGKILL');
  }
}
