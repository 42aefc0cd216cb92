/**
 * The media library of an engine: files imported (copied or moved into the engine's library
 * folder, or referenced in place on the desktop), probed with ffprobe, judged against what RTMP
 * platforms take (the rules of `auto`), given a poster and a strip of frames, and optimized into
 * streaming-ready copies and renditions by jobs that yield to lives. See docs/library.md.
 */
import { z } from 'zod';
import { hasControlCharacter } from '../format/control-characters';
import { isAbsoluteLocalPath } from '../ffmpeg/input-protocols';
import { event, method } from './define';
import { pageInput, pageOf } from './paging';

export const LIBRARY_LIMITS = Object.freeze({
  pathMax: 4096,
  nameMax: 255,
  /** Paths in one `library.import` call (a folder among them is scanned). */
  pathsPerImport: 200,
  /** Media files one import may bring in (a folder scan stops there, and says so). */
  filesPerImport: 5000,
  queryMax: 200,
  /** Frames in an item's strip. */
  stripFrames: 10,
  /** An upload URL is valid this long. */
  uploadUrlMs: 15 * 60_000,
  uploadMaxBytes: 256 * 1024 ** 3,
});

export const LIBRARY_PAGE = Object.freeze({ defaultLimit: 60, maxLimit: 500 });
export const JOBS_PAGE = Object.freeze({ defaultLimit: 50, maxLimit: 200 });

const Id = z.string().min(1, 'An id is required.').max(64, 'An id is at most 64 characters.');
const IsoUtc = z.iso.datetime();

/** An absolute path on the engine's machine, free of control characters. */
export const EnginePath = z
  .string()
  .min(1, 'A path is required.')
  .max(LIBRARY_LIMITS.pathMax, `A path is at most ${LIBRARY_LIMITS.pathMax} characters.`)
  .refine(isAbsoluteLocalPath, { message: 'The path must be absolute (e.g. /videos/show.mp4).' })
  .refine((p) => !hasControlCharacter(p), { message: 'The path contains a control character (a line break, a tab, NUL…).' });

/**
 * `copy` and `move` put the file in the library folder; `reference` keeps it where it is (the
 * desktop only: on a shared agent every file lives in its owner's library folder).
 */
export const ImportMode = z.enum(['copy', 'move', 'reference']);
export type ImportMode = z.infer<typeof ImportMode>;

/** `probing`: being read. `ready`: probed (it may still carry warnings). `unusable`: cannot be streamed. `missing`: the file is gone. */
export const ItemStatus = z.enum(['probing', 'ready', 'unusable', 'missing']);
export type ItemStatus = z.infer<typeof ItemStatus>;

/**
 * What the library says about a file beyond its tracks, each with a sentence of its own
 * (docs/library.md, "Hostile files"). `error` notes make an item unusable.
 */
export const NoteCode = z.enum([
  'empty',
  'textFile',
  'notMedia',
  'truncated',
  'cutShort',
  'unreadable',
  'missing',
  'probeTimeout',
  'audioOnly',
  'videoOnly',
  'veryLarge',
  'variableFrameRate',
  'oddSize',
  'hugeMetadata',
  'controlCharacterName',
  'renamed',
]);
export type NoteCode = z.infer<typeof NoteCode>;
export const NoteSeverity = z.enum(['error', 'warning', 'info']);
export const ItemNote = z.object({ code: NoteCode, severity: NoteSeverity, message: z.string() });
export type ItemNote = z.infer<typeof ItemNote>;

export const VideoTrack = z.object({
  /** The stream's index in the file. */
  index: z.number().int(),
  codec: z.string(),
  profile: z.string().nullable(),
  /** H.264/HEVC level ×10 (42 = 4.2). */
  level: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fps: z.number().nullable(),
  bitRate: z.number().nullable(),
  pixelFormat: z.string().nullable(),
  /** The container's nominal rate and the average differ: frames are not evenly spaced. */
  variableFrameRate: z.boolean(),
});
export type VideoTrack = z.infer<typeof VideoTrack>;

export const AudioTrack = z.object({
  index: z.number().int(),
  /** Its rank among the audio tracks (0 = the first), what FFmpeg's `0:a:N` names. */
  position: z.number().int(),
  codec: z.string(),
  profile: z.string().nullable(),
  channels: z.number().int().nullable(),
  channelLayout: z.string().nullable(),
  sampleRate: z.number().nullable(),
  bitRate: z.number().nullable(),
  /** ISO 639 code (`eng`, `fra`), null when untagged. */
  language: z.string().nullable(),
  title: z.string().nullable(),
  isDefault: z.boolean(),
});
export type AudioTrack = z.infer<typeof AudioTrack>;

export const SubtitleTrack = z.object({
  index: z.number().int(),
  position: z.number().int(),
  codec: z.string(),
  language: z.string().nullable(),
  title: z.string().nullable(),
  /** `text` (SRT, ASS, mov_text, WebVTT) or `image` (PGS, DVD, DVB bitmaps). */
  kind: z.enum(['text', 'image']),
  isDefault: z.boolean(),
  forced: z.boolean(),
});
export type SubtitleTrack = z.infer<typeof SubtitleTrack>;

export const Chapter = z.object({ startSec: z.number(), endSec: z.number(), title: z.string().nullable() });
export type Chapter = z.infer<typeof Chapter>;

export const MediaInfo = z.object({
  /** Demuxer names (`mov,mp4,m4a,3gp,3g2,mj2`) and FFmpeg's long name (`QuickTime / MOV`). */
  container: z.string(),
  containerName: z.string().nullable(),
  durationSec: z.number().nullable(),
  bitRate: z.number().nullable(),
  /** The first video track (cover art excluded), null for audio-only files. */
  video: VideoTrack.nullable(),
  audio: z.array(AudioTrack),
  subtitles: z.array(SubtitleTrack),
  chapters: z.array(Chapter),
  /** The file's title tag, cut to a reasonable length. */
  title: z.string().nullable(),
});
export type MediaInfo = z.infer<typeof MediaInfo>;

export const PlatformVerdict = z.object({ id: z.string(), label: z.string(), asIs: z.boolean() });

/**
 * Will it stream as it is? The same rules as `auto` (shared/ffmpeg/encoding.ts), judged for an
 * RTMP server we know nothing about (the conservative limits) and for each platform preset.
 */
export const Verdict = z.object({
  kind: z.enum(['asIs', 'reencode', 'unusable']),
  video: z.enum(['copy', 'encode', 'none']),
  audio: z.enum(['copy', 'encode', 'none']),
  /** One sentence in plain words. */
  summary: z.string(),
  /** Why each stream is re-encoded (auto's own reasons). */
  reasons: z.array(z.string()),
  platforms: z.array(PlatformVerdict),
});
export type Verdict = z.infer<typeof Verdict>;

/** A streaming-ready copy (H.264/AAC, faststart MP4, 2 s GOP) at the source's size, or a rendition. */
export const RenditionId = z.enum(['stream', '240p', '360p', '480p', '720p', '1080p']);
export type RenditionId = z.infer<typeof RenditionId>;

export const LibraryItem = z.object({
  id: Id,
  ownerId: z.string(),
  /** The file's name as shown (the last part of its path). */
  name: z.string(),
  /** Where it is on the engine's machine: what a live's file source uses. */
  path: z.string(),
  /** In the library folder (copied, moved, uploaded, or made by a job), or referenced where it was. */
  storage: z.enum(['library', 'reference']),
  sizeBytes: z.number(),
  fileModifiedAt: IsoUtc,
  addedAt: IsoUtc,
  status: ItemStatus,
  notes: z.array(ItemNote),
  media: MediaInfo.nullable(),
  verdict: Verdict.nullable(),
  /** Loopback URLs of the engine's preview listener; null until made (or for audio-only files). */
  posterUrl: z.string().nullable(),
  stripUrl: z.string().nullable(),
  /** Frames side by side in the strip image. */
  stripFrames: z.number().int(),
  /** The file itself, when a browser can play it (H.264/AAC in MP4); null otherwise. */
  previewUrl: z.string().nullable(),
  /** Set on a copy made by an optimize job: the item it was made from, and which output it is. */
  originalId: Id.nullable(),
  rendition: RenditionId.nullable(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

export const JobState = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const OptimizeJob = z.object({
  id: Id,
  itemId: Id,
  ownerId: z.string(),
  /** The item's name when the job was made (the item may be deleted since). */
  itemName: z.string(),
  outputs: z.array(RenditionId),
  state: JobState,
  /** 0–100. */
  percent: z.number(),
  /** Times real time (2 = a minute of video in 30 s). */
  speed: z.number().nullable(),
  etaSec: z.number().nullable(),
  /** `libx264`, `h264_vaapi`…: what encodes. */
  encoder: z.string().nullable(),
  /** Why it waits or pauses (a live needs the CPU). */
  waitReason: z.string().nullable(),
  error: z.string().nullable(),
  resultItemIds: z.array(Id),
  createdAt: IsoUtc,
  endedAt: IsoUtc.nullable(),
});
export type OptimizeJob = z.infer<typeof OptimizeJob>;

export const ImportProgress = z.object({
  importId: Id,
  ownerId: z.string(),
  state: z.enum(['running', 'done']),
  filesTotal: z.number().int(),
  filesDone: z.number().int(),
  bytesTotal: z.number(),
  bytesDone: z.number(),
  /** The file being imported now. */
  current: z.string().nullable(),
  added: z.number().int(),
  duplicates: z.number().int(),
  failures: z.array(z.object({ name: z.string(), message: z.string() })),
  /** Said once, e.g. that a folder scan stopped at the limit. */
  note: z.string().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const HardwareTrial = z.object({ encoder: z.string(), ok: z.boolean(), reason: z.string().nullable() });
export const EncoderChoice = z.object({
  /** The H.264 encoder optimize jobs use. */
  encoder: z.string(),
  hardware: z.boolean(),
  /** Each hardware encoder this FFmpeg has, tried with a real encode. */
  trials: z.array(HardwareTrial),
});
export type EncoderChoice = z.infer<typeof EncoderChoice>;

export const LibrarySettings = z.object({
  /** The engine's library folder (each user's own under it on a shared agent). */
  folder: z.string(),
  /** The caller's own folder: what uploads and imports fill. */
  myFolder: z.string(),
  /** Whether `reference` imports are allowed (the desktop, not a shared agent). */
  canReference: z.boolean(),
});
export type LibrarySettings = z.infer<typeof LibrarySettings>;

const ItemRef = z.object({ itemId: Id }).strict();
export const DurationFilter = z.enum(['short', 'medium', 'long']);
/** Under 5 min, 5 to 60 min, over an hour. */
export const DURATION_BOUNDS = Object.freeze({ shortMaxSec: 5 * 60, mediumMaxSec: 60 * 60 });

export const ListFilter = z
  .object({
    /** Words found anywhere in the name (accents and case ignored). */
    query: z.string().max(LIBRARY_LIMITS.queryMax).optional(),
    /** Video codec (`h264`, `hevc`…), or `none` for audio-only files. */
    codec: z
      .string()
      .regex(/^[a-z0-9_]{1,32}$/, 'A codec is a name such as h264 or hevc.')
      .optional(),
    duration: DurationFilter.optional(),
    verdict: Verdict.shape.kind.optional(),
    /** Only copies made from this item (its renditions). */
    originalId: Id.optional(),
  })
  .strict();
export type ListFilter = z.infer<typeof ListFilter>;

export const libraryMethods = {
  'library.list': method({
    summary: "A page of the caller's items (every user's for an admin), newest first, filtered and searched.",
    input: ListFilter.extend(pageInput(LIBRARY_PAGE)).strict().optional(),
    output: pageOf(LibraryItem).extend({ total: z.number().int().nullable() }),
  }),
  'library.get': method({
    summary: 'One item; a file changed since it was probed is read again.',
    input: ItemRef,
    output: LibraryItem,
  }),
  'library.import': method({
    summary: 'Import files and folders (scanned) by path on the engine; progress comes as library.importProgress.',
    input: z
      .object({
        paths: z.array(EnginePath).min(1, 'Give at least one path.').max(LIBRARY_LIMITS.pathsPerImport),
        mode: ImportMode.default('copy'),
      })
      .strict(),
    output: z.object({ importId: Id }),
  }),
  'library.importPath': method({
    summary: "Register one file already in the caller's library folder (an SFTP upload) and probe it.",
    input: z.object({ path: EnginePath }).strict(),
    output: z.object({ item: LibraryItem, duplicate: z.boolean() }),
  }),
  'library.uploadUrl': method({
    summary: 'A single-use URL on the preview listener to PUT one file into the library (the browser build, drag and drop).',
    input: z
      .object({
        name: z.string().trim().min(1).max(LIBRARY_LIMITS.nameMax),
        sizeBytes: z.number().int().min(1, 'An empty file is not a video.').max(LIBRARY_LIMITS.uploadMaxBytes),
      })
      .strict(),
    output: z.object({ url: z.string(), expiresAt: IsoUtc }),
  }),
  'library.delete': method({
    summary: 'Remove an item; its file too when it is in the library folder (a referenced file is never deleted).',
    input: ItemRef,
    output: z.object({ itemId: Id }),
  }),
  'library.refresh': method({ summary: 'Probe an item again and remake its thumbnails.', input: ItemRef, output: LibraryItem }),
  'library.optimize': method({
    summary: 'Make a streaming-ready copy and/or renditions of an item (never upscaled), as a queued job.',
    input: z.object({ itemId: Id, outputs: z.array(RenditionId).min(1, 'Choose at least one output.').max(6) }).strict(),
    output: OptimizeJob,
  }),
  'library.listJobs': method({
    summary: "A page of the caller's optimize jobs (every user's for an admin), newest first.",
    input: z
      .object({ itemId: Id.optional(), ...pageInput(JOBS_PAGE) })
      .strict()
      .optional(),
    output: pageOf(OptimizeJob),
  }),
  'library.cancelJob': method({
    summary: 'Cancel a queued, running or paused job; what it wrote is removed.',
    input: z.object({ jobId: Id }).strict(),
    output: OptimizeJob,
  }),
  'library.getSettings': method({
    summary: 'The library folder, the caller’s own folder and what imports may do.',
    input: z.object({}).strict().optional(),
    output: LibrarySettings,
  }),
  'library.updateSettings': method({
    summary: 'Move where new files go (existing items stay where they are).',
    input: z.object({ folder: EnginePath }).strict(),
    output: LibrarySettings,
  }),
  'library.encoders': method({
    summary: 'The H.264 encoder optimize jobs use: a hardware one that passed a trial encode, else libx264.',
    input: z
      .object({ retry: z.boolean().default(false) })
      .strict()
      .optional(),
    output: EncoderChoice,
  }),
};

export const libraryEvents = {
  'library.itemUpdated': event({ summary: 'An item was added or changed (probed, thumbnails made).', payload: LibraryItem }),
  'library.itemDeleted': event({
    summary: 'An item was removed.',
    payload: z.object({ itemId: Id, ownerId: z.string() }),
  }),
  'library.jobUpdated': event({ summary: 'An optimize job moved (state, progress).', payload: OptimizeJob }),
  'library.importProgress': event({ summary: 'How far an import is.', payload: ImportProgress }),
};
