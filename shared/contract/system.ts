import { z } from 'zod';
import { method } from './define';

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

export const systemMethods = {
  'system.info': method({
    summary: 'App version, platform, and the FFmpeg/ffprobe this engine will use.',
    input: z.object({}).strict().optional(),
    output: SystemInfo,
  }),
};
