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

/**
 * `system.info` (the app's version, the platform, the FFmpeg this engine uses), the machine's
 * load pushed as `system.load`, and what the located FFmpeg can encode.
 */
export function systemModule(options: SystemModuleOptions = {}): EngineModule<'system'> {
  return {
    name: 'system',
    build: (deps) => {
      const watch = new LoadWatch(
        new LoadSampler(deps.dataDir, options.loadSources),
        (load) => deps.events.emit('system.load', load),
        deps.log,
        options.loadEveryMs ?? MACHINE_LOAD_EVERY_MS,
      );
      return {
        handlers: {
          'system.info': () =>
            readSystemInfo({ appVersion: deps.appVersion, ffmpeg: deps.ffmpeg, secretStorage: deps.secrets.kind }),
          'system.currentLoad': () => watch.current(),
          'system.ffmpegCapabilities': ffmpegCapabilitiesReader(deps.ffmpeg),
        },
        start: () => {
          watch.start();
          return Promise.resolve();
        },
        close: () => {
          watch.close();
          return Promise.resolve();
        },
        exports: undefined,
      };
    },
  };
}
