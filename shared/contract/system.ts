import { z } from 'zod';
import { event, method } from './define';

export const FfmpegTool = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    path: z.string(),
    version: z.string(),
    /** Where the path came from: explicit setting, LIVEMANAGER_FFMPEG, a bundled copy, or PATH. */
    source: z.enum(['setting', 'env', 'bundled', 'path']),
  }),
  z.object({
    found: z.literal(false),
    /** What went wrong, and how to install it, in words a streamer understands. */
    reason: z.string(),
  }),
]);
export type FfmpegTool = z.infer<typeof FfmpegTool>;

/**
 * Where this engine keeps stream keys, SMTP and URL passwords, so the UI can say it truthfully:
 * `keychain` the OS keychain; `safe-storage` a file encrypted by the OS (Electron safeStorage);
 * `encrypted-file` an AES-256-GCM file in the data folder, its key beside it or from systemd-creds
 * (the VPS agent, the web host without a keychain); `memory` lost when the engine stops (tests);
 * `none` secrets cannot be stored (no safe backend).
 */
export const SecretStorage = z.enum(['keychain', 'safe-storage', 'encrypted-file', 'memory', 'none']);
export type SecretStorage = z.infer<typeof SecretStorage>;

export const SystemInfo = z.object({
  appVersion: z.string(),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  ffmpeg: FfmpegTool,
  ffprobe: FfmpegTool,
  secretStorage: SecretStorage,
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/**
 * The machine an engine runs on, as the dashboard shows it: CPU over the last period, memory in
 * use, and the disk that holds the engine's data folder (HLS segments, logs, the database).
 */
export const MachineLoad = z.object({
  /** ISO 8601, UTC. */
  at: z.string(),
  /** Every core busy = 100; measured since the previous sample. */
  cpuPercent: z.number().min(0).max(100),
  cores: z.number().int().min(1),
  memoryUsedBytes: z.number().min(0),
  memoryTotalBytes: z.number().min(0),
  /** The disk of the data folder; null when the platform cannot tell. */
  disk: z.object({ usedBytes: z.number().min(0), totalBytes: z.number().min(0), path: z.string() }).nullable(),
});
export type MachineLoad = z.infer<typeof MachineLoad>;

/** How often an engine pushes `system.load`. */
export const MACHINE_LOAD_EVERY_MS = 5000;

export const FfmpegCapabilitiesView = z.object({
  found: z.boolean(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  /** Video and audio encoders of this build (`ffmpeg -encoders`). */
  encoders: z.array(z.string()),
  /** The hardware H.264/HEVC encoders among them (NVENC, VAAPI, QSV, VideoToolbox, AMF, V4L2). */
  hardwareEncoders: z.array(z.string()),
});
export type FfmpegCapabilitiesView = z.infer<typeof FfmpegCapabilitiesView>;

export const systemMethods = {
  'system.info': method({
    summary: 'App version, platform, and the FFmpeg/ffprobe this engine will use.',
    input: z.object({}).strict().optional(),
    output: SystemInfo,
  }),
  'system.currentLoad': method({
    summary: 'The latest machine-load sample (CPU, memory, disk of the data folder); later ones come as system.load events.',
    input: z.object({}).strict().optional(),
    output: MachineLoad,
  }),
  'system.ffmpegCapabilities': method({
    summary: 'The FFmpeg this engine uses: its version, encoders and the hardware encoders it was built with.',
    input: z.object({}).strict().optional(),
    output: FfmpegCapabilitiesView,
  }),
};

export const systemEvents = {
  'system.load': event({ summary: 'The machine load, every few seconds.', payload: MachineLoad }),
};
