import type { EngineModule } from '../module';
import { readSystemInfo } from './system-info';

export function systemModule(): EngineModule {
  return {
    name: 'system',
    handlers: (deps) => ({
      'system.info': () =>
        readSystemInfo({
          appVersion: deps.appVersion,
          ffmpeg: deps.ffmpeg,
          secretStorage: deps.secrets.kind,
        }),
    }),
  };
}
