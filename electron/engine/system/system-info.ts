import os from 'node:os';
import type { SystemInfo } from '@shared/contract/system';
import { locateTool, type LocateOptions } from '../ffmpeg/locate';

export interface SystemInfoOptions extends LocateOptions {
  appVersion: string;
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
  };
}
