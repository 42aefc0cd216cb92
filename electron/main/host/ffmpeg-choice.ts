import type { BrowserWindow, Dialog } from 'electron';
import { RpcError } from '@shared/contract/errors';
import type { HostHandlers } from '@shared/rpc/host-routing';
import type { CallContext } from '../../engine/context';
import type { FfmpegTool } from '@shared/contract/system';
import { ffmpegTools } from '../../engine/ffmpeg/ffmpeg-tools';
import type { SettingsStore } from '../settings/settings-store';
import { appSettingsOf } from './host-methods';

export interface FfmpegChoiceOptions {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  parent: () => BrowserWindow | undefined;
  settings: SettingsStore;
  /** Checks the chosen program answers as FFmpeg (injectable for tests). */
  check?: FfmpegCheck;
}

type FfmpegCheck = (tool: 'ffmpeg' | 'ffprobe', where: NonNullable<Parameters<typeof ffmpegTools>[0]>) => Promise<FfmpegTool>;

// The engine's tools service, asked about this one file only.
const checkWithTools: FfmpegCheck = (tool, where) => ffmpegTools(where).locate(tool);

/**
 * `settings.chooseFfmpeg`: the page may ask, but only the OS picker chooses the path (a page
 * must never name a program the app runs), and only a program that answers `-version` as FFmpeg
 * is kept. The engine reads it at its next start.
 */
export function ffmpegChoice(options: FfmpegChoiceOptions): HostHandlers<CallContext>['settings.chooseFfmpeg'] {
  const check = options.check ?? checkWithTools;
  return async (input) => {
    if (input?.automatic) return appSettingsOf(options.settings.update({ ffmpegPath: null }));
    const parent = options.parent();
    const settings = { title: 'FFmpeg', properties: ['openFile' as const] };
    const picked = parent ? await options.dialog.showOpenDialog(parent, settings) : await options.dialog.showOpenDialog(settings);
    const file = picked.canceled ? undefined : picked.filePaths[0];
    if (file === undefined) return appSettingsOf(options.settings.get());
    // Only the file chosen: no PATH or LIVEMANAGER_FFMPEG to fall back on. ffprobe must be beside it.
    const only = { explicitPath: file, env: {} };
    const [ffmpeg, ffprobe] = await Promise.all([check('ffmpeg', only), check('ffprobe', only)]);
    if (!ffmpeg.found) throw new RpcError('INVALID_PARAMS', `This is not a working FFmpeg: ${ffmpeg.reason}`);
    if (!ffprobe.found)
      throw new RpcError('INVALID_PARAMS', `FFmpeg works, but ffprobe must be in the same folder: ${ffprobe.reason}`);
    return appSettingsOf(options.settings.update({ ffmpegPath: ffmpeg.path }));
  };
}
