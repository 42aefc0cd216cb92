import { randomUUID } from 'node:crypto';
import { rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { ItemNote, RenditionId } from '@shared/contract/library';
import { renditionsFor, type H264Encoder, type OptimizeOutput } from '@shared/ffmpeg/optimize-args';
import type { Caller } from '../context';
import type { EngineDeps } from '../module';
import { seesEverything } from '../policy/policy';
import { ItemStore, type ItemRecord, type NewItem } from './items/item-store';
import { toItemView } from './items/item-view';
import { Importer, NAME_NOTE_CODES } from './imports/importer';
import { Uploads } from './http/uploads';
import { chooseEncoder } from './jobs/encoder-choice';
import { JobStore, toJobView, type JobRecord } from './jobs/job-store';
import { liveCpuDemand, type LiveCpuDemand } from './jobs/live-cpu-demand';
import { OptimizeQueue } from './jobs/optimize-queue';
import { LibraryFolders } from './library-folders';
import { probeMediaFile } from './probe/media-probe';
import { ProbeQueue } from './probe/probe-queue';
import { makePoster, makeStrip, thumbsDirOf, thumbsVersion } from './thumbs/thumbnails';

export interface LibraryOptions {
  /** Probes at once (default 2: this is a 2-core machine's share). */
  readonly probeLanes?: number;
  /** Hardware encoders to try (tests); default every one this FFmpeg lists. */
  readonly hardwareCandidates?: readonly H264Encoder[];
  /** How lives' CPU needs are read (tests inject one); default from `run.stats` events. */
  readonly demand?: (deps: EngineDeps) => LiveCpuDemand;
}

/**
 * The library's parts, built once per engine: items and jobs in SQLite, the folders, the probe
 * queue, imports and uploads, optimize jobs. The module (library-module.ts) maps methods onto it.
 */
export class LibraryDomain {
  readonly items: ItemStore;
  readonly jobs: JobStore;
  readonly folders: LibraryFolders;
  readonly probes: ProbeQueue;
  /** Strips, one at a time, once their item is ready (a strip is ten seeks: it never delays the poster). */
  readonly strips: ProbeQueue;
  readonly importer: Importer;
  readonly uploads: Uploads;
  readonly optimizer: OptimizeQueue;
  readonly #demand: LiveCpuDemand;
  /** Items whose thumbnails are remade even if their file did not change (library.refresh). */
  readonly #remake = new Set<string>();
  #encoder: ReturnType<typeof chooseEncoder> | undefined;

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: LibraryOptions = {},
  ) {
    this.items = new ItemStore(deps.db);
    this.jobs = new JobStore(deps.db);
    this.folders = new LibraryFolders(deps.db, deps.dataDir, deps.mode);
    this.probes = new ProbeQueue(options.probeLanes ?? 2, (id, signal) => this.#probe(id, signal), deps.log);
    this.strips = new ProbeQueue(1, (id, signal) => this.#strip(id, signal), deps.log);
    this.importer = new Importer({
      store: this.items,
      folders: this.folders,
      register: (item) => this.register(item),
      probed: (itemId) => this.probes.wait(itemId),
      progress: (progress) => deps.events.emit('library.importProgress', progress),
      now: deps.now,
      log: deps.log,
    });
    this.uploads = new Uploads({ http: deps.http, folders: this.folders, importer: this.importer, now: deps.now, log: deps.log });
    this.#demand = options.demand?.(deps) ?? liveCpuDemand(deps.events, { now: deps.now });
    this.optimizer = new OptimizeQueue({
      jobs: this.jobs,
      item: (id) => this.items.get(id),
      folderOf: (ownerId) => this.folders.ensureFolderOf(ownerId),
      ffmpegPath: async () => (await deps.ffmpeg.paths()).ffmpeg,
      encoder: async () => (await this.encoders()).encoder,
      demand: this.#demand,
      changed: (job) => deps.events.emit('library.jobUpdated', toJobView(job)),
      addOutputs: (job, original, outputs) => this.#addOutputs(job, original, outputs),
      now: deps.now,
      log: deps.log,
    });
  }

  /** Store a new item, announce it, and queue its probe. */
  register(item: NewItem): ItemRecord {
    const record = this.items.insert(item);
    this.emit(record);
    void this.probes.add(record.id);
    return record;
  }

  emit(item: ItemRecord): void {
    this.deps.events.emit('library.itemUpdated', toItemView(item, this.deps.http));
  }

  /** An item the caller may see (their own; any for an admin), else NOT_FOUND. */
  visible(caller: Caller, itemId: string): ItemRecord {
    const item = this.items.get(itemId);
    if (!item || (item.ownerId !== caller.userId && !seesEverything(caller))) {
      throw new RpcError('NOT_FOUND', `No library item with id "${itemId.slice(0, 64)}".`);
    }
    return item;
  }

  visibleJob(caller: Caller, jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job || (job.ownerId !== caller.userId && !seesEverything(caller))) {
      throw new RpcError('NOT_FOUND', `No optimize job with id "${jobId.slice(0, 64)}".`);
    }
    return job;
  }

  /** A file changed (or vanished) since it was probed is read again; returns the item as it is now. */
  async checkChanged(item: ItemRecord): Promise<ItemRecord> {
    if (item.status === 'probing') return item;
    const info = await stat(item.path).catch(() => null);
    if (!info?.isFile()) {
      if (item.status === 'missing') return item;
      void this.probes.add(item.id);
      await this.probes.wait(item.id);
      return this.items.get(item.id) ?? item;
    }
    if (info.size === item.sizeBytes && Math.round(info.mtimeMs) === item.fileMtimeMs) return item;
    this.items.setStatus(item.id, 'probing');
    const probing = this.items.get(item.id) ?? item;
    this.emit(probing);
    void this.probes.add(item.id);
    return probing;
  }

  /** Probe again and remake the thumbnails, waiting for both (the strip too). */
  async refresh(item: ItemRecord): Promise<ItemRecord> {
    this.#remake.add(item.id);
    await this.probes.add(item.id);
    await this.strips.wait(item.id);
    return this.items.get(item.id) ?? item;
  }

  /** Remove an item, its thumbnails, and its file when the library owns it (and nothing else uses it). */
  async delete(item: ItemRecord): Promise<void> {
    for (const job of this.jobs.page({ itemId: item.id }, undefined, 50)) {
      if (job.state === 'queued' || job.state === 'running' || job.state === 'paused') await this.optimizer.cancel(job.id);
    }
    this.items.delete(item.id);
    await rm(thumbsDirOf(this.deps.dataDir, item.id), { recursive: true, force: true });
    if (item.storage === 'library' && this.items.byPath(item.path).length === 0) await unlink(item.path).catch(() => undefined);
    this.deps.events.emit('library.itemDeleted', { itemId: item.id, ownerId: item.ownerId });
  }

  /** Queue a job making `outputs` of `item` (never an upscale). */
  optimize(item: ItemRecord, outputs: readonly RenditionId[]): JobRecord {
    const video = item.media?.video;
    if (item.status !== 'ready' || !video?.width || !video.height) {
      throw new RpcError('INVALID_STATE', 'Only a readable file with a video track can be optimized.');
    }
    const possible = renditionsFor(video.width, video.height);
    const asked = [...new Set(outputs)];
    const above = asked.filter((id) => !possible.includes(id));
    if (above.length > 0) {
      throw new RpcError(
        'INVALID_PARAMS',
        `This file is ${video.width}x${video.height}: ${above.join(', ')} would be larger than it (renditions are never upscaled).`,
      );
    }
    const job = this.jobs.insert({
      id: randomUUID(),
      itemId: item.id,
      ownerId: item.ownerId,
      itemName: item.name,
      outputs: asked,
      state: 'queued',
      percent: 0,
      speed: null,
      etaSec: null,
      encoder: null,
      waitReason: null,
      error: null,
      resultIds: [],
      createdAt: this.deps.now(),
      endedAt: null,
    });
    this.deps.events.emit('library.jobUpdated', toJobView(job));
    this.optimizer.pump();
    return job;
  }

  /** The encoder optimize jobs use, tried once per engine (again on `retry`). */
  encoders(retry = false): ReturnType<typeof chooseEncoder> {
    if (retry || !this.#encoder) this.#encoder = chooseEncoder(this.deps.ffmpeg, this.options.hardwareCandidates);
    return this.#encoder;
  }

  start(): void {
    for (const item of this.items.probing()) void this.probes.add(item.id);
    this.optimizer.start();
  }

  async close(): Promise<void> {
    this.#demand.close();
    await Promise.all([this.probes.close(), this.strips.close(), this.optimizer.close()]);
  }

  async #probe(itemId: string, signal: AbortSignal): Promise<void> {
    const item = this.items.get(itemId);
    if (!item) return;
    let result;
    try {
      result = await probeMediaFile(this.deps.ffmpeg, item.path, { signal });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      // No ffprobe on this engine: say so on the item; Refresh once it is installed.
      const note: ItemNote = { code: 'unreadable', severity: 'error', message: error.message };
      this.items.setStatus(item.id, 'unusable', [note]);
      this.emit(this.items.get(item.id) ?? item);
      return;
    }
    if (signal.aborted) return;
    const nameNotes = item.notes.filter((n) => NAME_NOTE_CODES.has(n.code));
    const notes = [...nameNotes, ...result.notes];
    const status = result.status === 'ready' && notes.some((n) => n.severity === 'error') ? 'unusable' : result.status;
    // Thumbnails before the item leaves `probing`: a ready item already has its poster.
    const version = thumbsVersion(result.sizeBytes, result.fileMtimeMs);
    const forced = this.#remake.delete(item.id);
    if (!result.media?.video) {
      if (item.thumbs) await rm(thumbsDirOf(this.deps.dataDir, item.id), { recursive: true, force: true });
      this.items.setThumbs(item.id, null);
    } else if (forced || item.thumbs?.version !== version) {
      const dir = thumbsDirOf(this.deps.dataDir, item.id);
      this.items.setThumbs(item.id, await makePoster(this.deps.ffmpeg, item.path, result.media, dir, version, signal));
    }
    if (signal.aborted) return;
    this.items.setProbe(item.id, { ...result, status, notes });
    const updated = this.items.get(item.id);
    if (!updated) return;
    this.emit(updated);
    if (updated.thumbs && !updated.thumbs.strip) void this.strips.add(updated.id);
  }

  /** The strip of a probed item, made for the version its poster has (a file changed since: skipped). */
  async #strip(itemId: string, signal: AbortSignal): Promise<void> {
    const item = this.items.get(itemId);
    if (!item?.media || !item.thumbs || item.thumbs.strip || item.status === 'probing') return;
    const { version } = item.thumbs;
    const made = await makeStrip(
      this.deps.ffmpeg,
      item.path,
      item.media,
      thumbsDirOf(this.deps.dataDir, item.id),
      version,
      signal,
    );
    const now = this.items.get(itemId);
    if (!made || signal.aborted || now?.thumbs?.version !== version) return;
    this.items.setThumbs(itemId, { ...now.thumbs, strip: true });
    this.emit(this.items.get(itemId) ?? now);
  }

  /** Each output of a finished job becomes an item of the job's owner, linked to its original. */
  async #addOutputs(job: JobRecord, original: ItemRecord, outputs: readonly OptimizeOutput[]): Promise<string[]> {
    const ids: string[] = [];
    for (const output of outputs) {
      const info = await stat(output.file);
      const record = this.register({
        id: randomUUID(),
        ownerId: job.ownerId,
        name: path.basename(output.file),
        path: output.file,
        storage: 'library',
        sizeBytes: info.size,
        fileMtimeMs: info.mtimeMs,
        fingerprint: null,
        addedAt: this.deps.now(),
        status: 'probing',
        notes: [],
        media: null,
        verdict: null,
        thumbs: null,
        originalId: original.id,
        rendition: output.id,
      });
      ids.push(record.id);
    }
    await Promise.all(ids.map((id) => this.probes.wait(id)));
    return ids;
  }
}
