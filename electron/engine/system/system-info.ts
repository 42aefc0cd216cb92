import os from 'node:os';
import type { SecretStorage, SystemInfo } from '@shared/contract/system';
import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';

export interface SystemInfoOptions {
  ffmpeg: Pick<FfmpegTools, 'locate'>;
  appVersion: string;
  /** The engine's SecretStore kind (`SecretStore.kind`). */
  secretStorage: SecretStorage;
}

export async function readSystemInfo(options: SystemInfoOptions): Promise<SystemInfo> {
  const [ffmpeg, ffprobe] = await Promise.all([options.ffmpeg.locate('ffmpeg'), options.ffmpeg.locate('ffprobe')]);
  return {
    appVersion: options.appVersion,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    nodeVersion: process.versions.node,
    ffmpeg,
    ffprobe,
    secretStorage: options.secretStorage,
  };
}
