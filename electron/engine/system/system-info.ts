import os from 'node:os';
import type { SecretStorage, SystemInfo } from '@shared/contract/system';
import { locateTool, type LocateOptions } from '../ffmpeg/locate';

export interface SystemInfoOptions extends LocateOptions {
  appVersion: string;
  /** The engine's SecretStore kind (`SecretStore.kind`). */
  secretStorage: SecretStorage;
}

export async function readSystemInfo(options: SystemInfoOptions): Promise<SystemInfo> {
  const [ffmpeg, ffprobe] = await Promise.all([locateTool('ffmpeg', options), locateTool('ffprobe', options)]);
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
