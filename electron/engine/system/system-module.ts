import { MACHINE_LOAD_EVERY_MS } from '@shared/contract/system';
import type { EngineModule } from '../module';
import { ffmpegCapabilitiesReader } from './ffmpeg-capabilities';
import { LoadSampler, type LoadSources } from './load-sampler';
import { LoadWatch } from './load-watch';
import { readSystemInfo } from './system-info';

export interface SystemModuleOptions {
  /** How often `system.load` is pushed (default MACHINE_LOAD_EVERY_MS). */
  loadEveryMs?: number;
  /** The machine's figures; injectable for tests. */
  loadSources?: LoadSources;
}

export function systemModule(options: SystemModuleOptions = {}): EngineModule {
  let watch: LoadWatch | undefined;
  return {
    name: 'system',
    handlers: (deps) => {
      watch = new LoadWatch(
        new LoadSampler(deps.dataDir, options.loadSources),
        (load) => deps.events.emit('system.load', load),
        deps.log,
        options.loadEveryMs ?? MACHINE_LOAD_EVERY_MS,
      );
      const load = watch;
      const where = { explicitPath: deps.ffmpegPath, bundledDir: deps.bundledFfmpegDir };
      return {
        'system.info': () =>
          readSystemInfo({
            appVersion: deps.appVersion,
            explicitPath: deps.ffmpegPath,
            bundledDir: deps.bundledFfmpegDir,
            secretStorage: deps.secrets.kind,
          }),
        'system.currentLoad': () => load.current(),
        'system.ffmpegCapabilities': ffmpegCapabilitiesReader(where),
      };
    },
    start: () => {
      watch?.start();
      return Promise.resolve();
    },
    close: () => {
      watch?.close();
      return Promise.resolve();
    },
  };
}
