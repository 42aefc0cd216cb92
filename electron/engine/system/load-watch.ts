import type { MachineLoad } from '@shared/contract/system';
import type { LoadSampler } from './load-sampler';

/**
 * Pushes the machine's load every `everyMs` (`system.load` events) and keeps the latest sample
 * for `system.currentLoad`, so a page shows figures at once and then follows the events. One
 * timer per engine, unref'd: it never keeps a process alive.
 */
export class LoadWatch {
  #latest: MachineLoad | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<MachineLoad> | undefined;

  constructor(
    private readonly sampler: LoadSampler,
    private readonly emit: (load: MachineLoad) => void,
    private readonly log: (message: string, error?: unknown) => void,
    private readonly everyMs: number,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#next().then(this.emit, (error: unknown) => this.log('reading the machine load failed', error));
    }, this.everyMs);
    this.#timer.unref();
  }

  /** The latest sample, or one taken now when there is none yet. */
  async current(): Promise<MachineLoad> {
    return this.#latest ?? this.#next();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #next(): Promise<MachineLoad> {
    // Overlapping reads (a slow disk) share one sample instead of piling up.
    this.#sampling ??= this.sampler.sample().then(
      (load) => {
        this.#sampling = undefined;
        this.#latest = load;
        return load;
      },
      (error: unknown) => {
        this.#sampling = undefined;
        throw error;
      },
    );
    return this.#sampling;
  }
}
