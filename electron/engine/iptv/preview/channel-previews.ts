import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelPreview } from '@shared/contract/iptv';
import { RpcError } from '@shared/contract/errors';
import { classifyExit } from '@shared/ffmpeg/classify';
import { HLS_PLAYLIST_NAME } from '@shared/ffmpeg/output-args';
import { buildChannelPreviewArgs } from '@shared/ffmpeg/preview-args';
import type { Caller } from '../../context';
import { spawnFfmpeg, type RunningProcess } from '../../ffmpeg/runner';
import { seesEverything } from '../../policy/policy';
import type { ChannelRequest, OpenedChannel } from '../ports';
import type { TunerPurpose } from '../tuner/tuner-slots';

export interface ChannelPreviewsOptions {
  /** dataDir/iptv-preview: one folder per preview, removed when it stops. */
  readonly root: string;
  /** The preview's playlist URL on the loopback listener, or null when none runs. */
  readonly playlistUrl: (previewId: string) => string | null;
  /** Where FFmpeg is (UNAVAILABLE when it is missing). */
  readonly ffmpegPath: () => Promise<string>;
  /** Take a tuner slot and resolve the channel (the IPTV port's `openChannel`). */
  readonly open: (request: ChannelRequest & { purpose: TunerPurpose; label: string }) => Promise<OpenedChannel>;
  /** The channel's name, for the tuner's label ("preview “TF1”"); throws NOT_FOUND for an unknown one. */
  readonly channelName: (request: ChannelRequest) => string;
  readonly log: (message: string, error?: unknown) => void;
  /** Stopped when nobody read its playlist for this long. Default 30 s. */
  readonly idleMs?: number;
  /** How long the first segment may take. Default 25 s. */
  readonly startTimeoutMs?: number;
}

interface Preview {
  readonly view: ChannelPreview;
  readonly ownerId: string;
  readonly dir: string;
  readonly process: RunningProcess;
  readonly channel: OpenedChannel;
  lastReadAt: number;
  stopping?: Promise<void>;
}

const CHECK_EVERY_MS = 1000;

/**
 * Channel previews: the engine reads a channel (so headers and credentials never reach the
 * renderer) with one FFmpeg through the runner, remuxed to HLS in its own folder and served on
 * the loopback preview listener. Each holds one of the provider's tuner slots, released when the
 * preview stops: on request, when the caller starts another one, when nobody has read its
 * playlist for `idleMs` (a closed window, a crashed renderer), when FFmpeg ends, or when the
 * engine closes.
 */
export class ChannelPreviews {
  readonly #previews = new Map<string, Preview>();
  readonly #idleMs: number;
  #watch: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly options: ChannelPreviewsOptions) {
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** Leftovers of an engine that was killed: nothing else uses these folders. */
  async boot(): Promise<void> {
    await rm(this.options.root, { recursive: true, force: true });
  }

  async start(caller: Caller, request: { providerId: string; channelId: string }): Promise<ChannelPreview> {
    if (this.#closed) throw new RpcError('UNAVAILABLE', 'The engine is shutting down.');
    const mine = [...this.#previews.values()].filter((p) => p.ownerId === caller.userId);
    const same = mine.find((p) => p.view.providerId === request.providerId && p.view.channelId === request.channelId);
    if (same && same.process.exit === null && !same.stopping) {
      same.lastReadAt = Date.now();
      return same.view;
    }
    // One preview per person: the previous one gives its slot back before this one takes one.
    await Promise.all(mine.map((p) => this.#stop(p)));
    const channelName = this.options.channelName({ ...request, caller });
    const previewId = randomUUID();
    const url = this.options.playlistUrl(previewId);
    if (url === null) throw new RpcError('UNAVAILABLE', 'The preview server is not running in this engine.');
    const ffmpegPath = await this.options.ffmpegPath();
    const channel = await this.options.open({ ...request, caller, purpose: 'preview', label: channelName });
    const dir = path.join(this.options.root, previewId);
    let process: RunningProcess;
    try {
      await mkdir(dir, { recursive: true });
      process = spawnFfmpeg(buildChannelPreviewArgs(channel, { dir, name: previewId }), {
        ffmpegPath,
        secrets: channel.secrets,
        label: `preview of ${channelName}`,
        logLevel: 'warning',
      });
    } catch (error) {
      channel.lease.release();
      await rm(dir, { recursive: true, force: true });
      if (error instanceof Error && error.name === 'SourceArgsError') throw new RpcError('INVALID_STATE', error.message);
      throw error;
    }
    const preview: Preview = {
      view: { previewId, providerId: request.providerId, channelId: request.channelId, channelName, url },
      ownerId: caller.userId,
      dir,
      process,
      channel,
      lastReadAt: Date.now(),
    };
    this.#previews.set(previewId, preview);
    void process.exited.then(() => this.#stop(preview));
    await this.#firstSegment(preview);
    preview.lastReadAt = Date.now();
    this.#armWatch();
    return preview.view;
  }

  async stop(caller: Caller, previewId: string): Promise<void> {
    const preview = this.#previews.get(previewId);
    if (!preview || (preview.ownerId !== caller.userId && !seesEverything(caller))) {
      throw new RpcError('NOT_FOUND', `No channel preview with id "${previewId.slice(0, 64)}".`);
    }
    await this.#stop(preview);
  }

  /** A deleted provider's previews stop with it. */
  async stopProvider(providerId: string): Promise<void> {
    await Promise.all([...this.#previews.values()].filter((p) => p.view.providerId === providerId).map((p) => this.#stop(p)));
  }

  /** The folder a preview's files are served from, and a sign of life when its playlist is read. */
  filesOf(previewId: string, file: string): string | null {
    const preview = this.#previews.get(previewId);
    if (!preview || preview.stopping) return null;
    if (file === HLS_PLAYLIST_NAME) preview.lastReadAt = Date.now();
    return preview.dir;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watch);
    await Promise.all([...this.#previews.values()].map((p) => this.#stop(p)));
  }

  /** Resolves once the first segment is listed; fails with FFmpeg's reason, or after the start timeout. */
  async #firstSegment(preview: Preview): Promise<void> {
    const playlist = path.join(preview.dir, HLS_PLAYLIST_NAME);
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 25_000);
    const exited = preview.process.exited.then(() => 'exited' as const);
    for (;;) {
      if (existsSync(playlist)) return;
      const state = await Promise.race([exited, new Promise<'wait'>((resolve) => setTimeout(() => resolve('wait'), 200))]);
      if (state === 'exited' || preview.stopping) {
        const exit = preview.process.exit;
        await this.#stop(preview);
        const why = exit ? reasonOf(exit.stderrTail, exit.code) : '';
        throw new RpcError('UNAVAILABLE', `“${preview.view.channelName}” could not be played. ${why}`.trim());
      }
      if (Date.now() > deadline) {
        await this.#stop(preview);
        throw new RpcError(
          'UNAVAILABLE',
          `“${preview.view.channelName}” sent nothing playable within ${Math.round((this.options.startTimeoutMs ?? 25_000) / 1000)} s.`,
        );
      }
    }
  }

  #stop(preview: Preview): Promise<void> {
    preview.stopping ??= (async () => {
      try {
        await preview.process.stop({ graceMs: 2000, termMs: 2000 });
      } catch (error) {
        this.options.log(`Stopping the preview of ${preview.view.channelName} failed`, error);
      } finally {
        preview.channel.lease.release();
        this.#previews.delete(preview.view.previewId);
        await rm(preview.dir, { recursive: true, force: true }).catch(() => undefined);
        if (this.#previews.size === 0) this.#disarmWatch();
      }
    })();
    return preview.stopping;
  }

  #armWatch(): void {
    if (this.#watch) return;
    this.#watch = setInterval(() => {
      const now = Date.now();
      for (const preview of this.#previews.values()) {
        if (now - preview.lastReadAt > this.#idleMs) void this.#stop(preview);
      }
    }, CHECK_EVERY_MS);
    this.#watch.unref();
  }

  #disarmWatch(): void {
    clearInterval(this.#watch);
    this.#watch = undefined;
  }
}

/** FFmpeg's reason in a sentence (its stderr is already redacted by the runner). */
function reasonOf(stderrTail: readonly string[], code: number | null): string {
  const classified = classifyExit(stderrTail, code, { role: 'source', target: 'the channel' });
  if (classified.kind !== 'unknown') return classified.message;
  return classified.evidence ? `FFmpeg said: ${classified.evidence.slice(0, 300)}` : '';
}
