import type { EngineModule } from '../module';
import { readSystemInfo } from './system-info';

/** `system.info`: the app's version, the platform, and the FFmpeg this engine uses. */
export function systemModule(): EngineModule<'system'> {
  return {
    name: 'system',
    build: (deps) => ({
      handlers: {
        'system.info': () =>
          readSystemInfo({ appVersion: deps.appVersion, ffmpeg: deps.ffmpeg, secretStorage: deps.secrets.kind }),
      },
      exports: undefined,
    }),
  };
}
