import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HLS_PLAYLIST } from '../hls/hls-paths';
import { playlistSegments } from '../hls/hls-bitrate';
import { FeedSweeper } from './feed-sweeper';
import type { SlateClip } from './slate';
import { EMPTY_TIMELINE, Timeline, type SegmentOrigin, type TimelineState } from './timeline';

/** A live feeding the output, newest first (the newest one wins once it has something to show). */
export interface FeedCandidate {
  readonly liveId: string;
  /** When it started feeding (ms). */
  readonly since: number;
}

/** What viewers get now. */
export interface ChannelFeed {
  readonly state: 'live' | 'slate';
  readonly liveId: string | null;
  readonly since: number | null;
}

export interface ChannelOptions {
  /** The output's folder (hls-paths.ts `outputRoot`): published segments, playlist, feeds. */
  readonly dir: string;
  readonly slate: () => SlateClip | null;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

/** The slate's next segment is listed this long before what is listed runs out. */
const SLATE_LEAD_MS = 1000;
/** A feeding live that shows nothing new for this long is covered by the slate. */
const FEEDER_GRACE_MS = 4000;
/** A live's newest segment counts as "now" when it is younger than this. */
const FRESH_MS = 10_000;
/** Segments kept on disk after leaving the window, for players a little behind. */
const RETIRED_KEEP = 8;
/** The newest segments, which every viewer asks for, are served from memory. */
const CACHED_SEGMENTS = 4;
const STATE_FILE = 'state.json';
export const OUTPUT_PLAYLIST = 'live.m3u8';

interface Feeder {
  readonly liveId: string;
  readonly dir: string;
  readonly since: number;
  /** The number in the name of its last published segment (`<liveId>-<n>.ts`); null until it has one. */
  lastNumber: number | null;
  lastSegmentAt: number | null;
}

/**
 * One public output's timeline on disk. Each tick follows the newest feeding live, MOVES every new
 * segment its writer finished into the output's own numbered files, and fills gaps with the slate,
 * so the published playlist never stops: a switch of live, a writer's restart or no live at all
 * are discontinuities, never a 404. Also writes `live.m3u8` beside the segments, so any static
 * server (nginx, an object store behind a CDN: docs/scale.md) can serve the same files.
 */
export class OutputChannel {
  readonly #options: ChannelOptions;
  readonly #timeline: Timeline;
  readonly #retired: number[] = [];
  readonly #cache = new Map<number, Buffer>();
  readonly #sweeper: FeedSweeper;
  #feeder: Feeder | null = null;
  #lastOrigin: string | null = null;
  #slateIndex = 0;
  /** Loaded from disk: the first segment appended is new content, whatever it is. */
  #resumed: boolean;
  #busy = false;
  #plainPlaylist: string | null = null;

  private constructor(options: ChannelOptions, state: TimelineState, resumed: boolean) {
    this.#options = options;
    this.#timeline = new Timeline(state);
    this.#resumed = resumed;
    this.#sweeper = new FeedSweeper(path.join(options.dir, 'feeds'), options.now);
  }

  /** The channel of `dir`, continuing the numbering a previous engine left there. */
  static async open(options: ChannelOptions): Promise<OutputChannel> {
    await mkdir(path.join(options.dir, 'feeds'), { recursive: true });
    const saved = await readState(options.dir);
    // A new output numbers from the clock, like FFmpeg's epoch start: an output deleted and made
    // again under the same address never serves an old number (cached for good) with new bytes.
    const fresh = { ...EMPTY_TIMELINE, nextSeq: Math.floor(options.now() / 1000) };
    const channel = new OutputChannel(options, saved ?? fresh, saved !== null);
    await channel.#removeUnlisted();
    return channel;
  }

  get feed(): ChannelFeed {
    const feeder = this.#feeder;
    return feeder && this.#lastOrigin === `live:${feeder.liveId}`
      ? { state: 'live', liveId: feeder.liveId, since: feeder.since }
      : { state: 'slate', liveId: null, since: null };
  }

  get timeline(): Timeline {
    return this.#timeline;
  }

  /** The playlist with each segment's address from `uriOf`; the plain one (`<seq>.ts`) is kept between changes. */
  playlist(uriOf?: (seq: number) => string): string {
    if (uriOf) return this.#timeline.render(uriOf);
    this.#plainPlaylist ??= this.#timeline.render((seq) => `${seq}.ts`);
    return this.#plainPlaylist;
  }

  /** A listed (or just retired) segment's bytes, or null when it is not one. */
  async segment(seq: number): Promise<Buffer | null> {
    if (!this.#timeline.has(seq) && !this.#retired.includes(seq)) return null;
    const cached = this.#cache.get(seq);
    if (cached) return cached;
    const bytes = await readFile(this.#fileOf(seq)).catch(() => null);
    const newest = this.#timeline.last?.seq ?? 0;
    if (bytes && seq > newest - CACHED_SEGMENTS) {
      this.#cache.set(seq, bytes);
      for (const key of this.#cache.keys()) if (key <= newest - CACHED_SEGMENTS) this.#cache.delete(key);
    }
    return bytes;
  }

  /** Follow the feeding lives, publish what they finished, fill gaps with the slate. True when something was added. */
  async tick(candidates: readonly FeedCandidate[]): Promise<boolean> {
    if (this.#busy) return false;
    this.#busy = true;
    try {
      const before = this.#timeline.last?.seq;
      await this.#follow(candidates);
      if (this.#feeder) await this.#consume(this.#feeder);
      await this.#fillWithSlate();
      await this.#sweeper.sweep(this.#feeder?.liveId ?? null);
      const changed = this.#timeline.last?.seq !== before;
      if (changed) await this.#persist();
      return changed;
    } finally {
      this.#busy = false;
    }
  }

  /** The newest candidate takes over once it has a segment to show; until then the current one goes on. */
  async #follow(candidates: readonly FeedCandidate[]): Promise<void> {
    const newest = candidates[0];
    if (!newest) {
      this.#feeder = null;
      return;
    }
    if (this.#feeder?.liveId === newest.liveId) return;
    const current = this.#feeder;
    const stillFeeding = current !== null && candidates.some((c) => c.liveId === current.liveId);
    if (stillFeeding && !(await this.#hasFreshSegment(newest.liveId))) return;
    this.#feeder = {
      liveId: newest.liveId,
      dir: path.join(this.#options.dir, 'feeds', newest.liveId),
      since: newest.since,
      lastNumber: null,
      lastSegmentAt: null,
    };
  }

  async #hasFreshSegment(liveId: string): Promise<boolean> {
    const dir = path.join(this.#options.dir, 'feeds', liveId);
    const listed = await listedSegments(dir);
    const newest = listed.at(-1);
    const info = newest ? await stat(path.join(dir, newest.uri)).catch(() => null) : null;
    return info !== null && this.#options.now() - info.mtimeMs < FRESH_MS;
  }

  /**
   * Publish the feeder's finished segments. A listed segment whose file is still there has not
   * been published (published ones are moved away): no numbering assumption survives a writer's
   * restart. Joining a live, only its newest segment is taken, like a player joining at the edge.
   */
  async #consume(feeder: Feeder): Promise<void> {
    const listed = await listedSegments(feeder.dir);
    const waiting: { uri: string; seconds: number; discontinuity: boolean; number: number | null }[] = [];
    for (const entry of listed) {
      if (await exists(path.join(feeder.dir, entry.uri))) waiting.push({ ...entry, number: segmentNumber(entry.uri) });
    }
    if (feeder.lastNumber === null && waiting.length > 0) {
      const newest = waiting.at(-1);
      const info = newest ? await stat(path.join(feeder.dir, newest.uri)).catch(() => null) : null;
      for (const old of waiting.slice(0, -1)) await rm(path.join(feeder.dir, old.uri), { force: true });
      waiting.splice(0, waiting.length - 1);
      if (!info || this.#options.now() - info.mtimeMs > FRESH_MS) return;
    }
    for (const entry of waiting) {
      const origin = `live:${feeder.liveId}`;
      const jumped = feeder.lastNumber !== null && entry.number !== feeder.lastNumber + 1;
      const discontinuity = this.#lastOrigin !== origin || jumped || entry.discontinuity;
      const published = await this.#publish(path.join(feeder.dir, entry.uri), 'move', entry.seconds, discontinuity, 'live');
      feeder.lastNumber = entry.number ?? (feeder.lastNumber ?? 0) + 1;
      if (!published) continue;
      feeder.lastSegmentAt = this.#options.now();
      this.#lastOrigin = origin;
    }
  }

  /** No live, or one stalled: the slate's next segment, in real time, so players never run dry. */
  async #fillWithSlate(): Promise<void> {
    const slate = this.#options.slate();
    if (!slate || slate.segments.length === 0) return;
    const now = this.#options.now();
    const endsAt = this.#timeline.endsAt;
    const feeder = this.#feeder;
    const due = feeder ? now >= (endsAt ?? feeder.since) + FEEDER_GRACE_MS : endsAt === null || now >= endsAt - SLATE_LEAD_MS;
    if (!due) return;
    if (this.#lastOrigin !== 'slate') this.#slateIndex = 0;
    const index = this.#slateIndex % slate.segments.length;
    const segment = slate.segments[index];
    if (!segment) return;
    // Every loop of the clip starts its timestamps over: a discontinuity like any other change.
    const discontinuity = this.#lastOrigin !== 'slate' || index === 0;
    if (await this.#publish(segment.file, 'link', segment.durationSec, discontinuity, 'slate')) {
      this.#slateIndex += 1;
      this.#lastOrigin = 'slate';
    }
  }

  async #publish(
    source: string,
    how: 'move' | 'link',
    durationSec: number,
    discontinuity: boolean,
    origin: SegmentOrigin,
  ): Promise<boolean> {
    const target = this.#fileOf(this.#timeline.nextSeq);
    try {
      if (how === 'move') await rename(source, target);
      else await link(source, target).catch(() => copyFile(source, target));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#options.log('Publishing an output segment failed', error);
      return false;
    }
    const { dropped } = this.#timeline.append(
      { durationSec, discontinuity: discontinuity || this.#resumed, origin },
      this.#options.now(),
    );
    this.#resumed = false;
    this.#plainPlaylist = null;
    for (const segment of dropped) {
      this.#retired.push(segment.seq);
      this.#cache.delete(segment.seq);
    }
    for (const seq of this.#retired.splice(0, Math.max(0, this.#retired.length - RETIRED_KEEP))) {
      await rm(this.#fileOf(seq), { force: true });
    }
    return true;
  }

  #fileOf(seq: number): string {
    return path.join(this.#options.dir, `${seq}.ts`);
  }

  async #persist(): Promise<void> {
    await writeAtomically(path.join(this.#options.dir, OUTPUT_PLAYLIST), this.playlist());
    await writeAtomically(path.join(this.#options.dir, STATE_FILE), JSON.stringify(this.#timeline.snapshot()));
  }

  /** Numbered segments a previous engine left that no playlist lists any more. */
  async #removeUnlisted(): Promise<void> {
    const names = await readdir(this.#options.dir).catch(() => [] as string[]);
    for (const name of names) {
      const seq = /^(\d+)\.ts$/.exec(name)?.[1];
      if (seq !== undefined && !this.#timeline.has(Number(seq))) await rm(path.join(this.#options.dir, name), { force: true });
    }
  }
}

/** `<liveId>-<n>.ts` → n (hlsMuxerArgs names them so). */
function segmentNumber(uri: string): number | null {
  const match = /-(\d+)\.ts$/.exec(uri);
  return match ? Number(match[1]) : null;
}

/** The plain segment names a feed's playlist lists (never a path: FFmpeg writes names beside it). */
async function listedSegments(dir: string): Promise<{ uri: string; seconds: number; discontinuity: boolean }[]> {
  const text = await readFile(path.join(dir, HLS_PLAYLIST), 'utf8').catch(() => null);
  if (text === null) return [];
  return playlistSegments(text).filter((s) => /^[A-Za-z0-9_.-]+\.ts$/.test(s.uri) && s.seconds > 0 && s.seconds < 60);
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() === true;
}

async function readState(dir: string): Promise<TimelineState | null> {
  try {
    const state = JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')) as TimelineState;
    const valid =
      Number.isSafeInteger(state.nextSeq) &&
      Number.isSafeInteger(state.discontinuitySeq) &&
      Number.isFinite(state.targetDuration) &&
      Array.isArray(state.segments);
    return valid ? state : null;
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}
