import type { EngineModule } from '../module';
import { readSystemInfo } from './system-info';

export function systemModule(): EngineModule {
  return {
    name: 'system',
    handlers: (deps) => ({
      'system.info': () =>
        readSystemInfo({
          appVersion: deps.appVersion,
          explicitPath: deps.ffmpegPath,
          bundledDir: deps.bundledFfmpegDir,
          secretStorage: deps.secrets.kind,
        }),
    }),
  };
}
