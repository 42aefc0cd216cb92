import { isActive } from '@shared/lives/state-machine';
import type { LiveState } from '@shared/contract/lives';
import type { EventSource } from '@shared/rpc/channel-server';

/** Whether lives need the CPU now, from what the lives domain already reports (its `run.stats` events). */
export interface LiveCpuDemand {
  /** Why optimize jobs should pause now, or null when they may run. */
  reason(): string | null;
  close(): void;
}

export interface LiveCpuDemandOptions {
  /** A live whose FFmpeg use this share of one core (or more) is encoding: passthrough lives use a few %. */
  readonly encodingCpuPercent?: number;
  /** A sample older than this no longer counts (the live stopped reporting). */
  readonly freshMs?: number;
  readonly now: () => number;
}

interface Sample {
  readonly cpuPercent: number;
  readonly degraded: boolean;
  readonly at: number;
}

/**
 * Jobs yield to lives in two ways: they always run at the lowest CPU priority (a copying live,
 * a few % of a core, never waits for them), and they PAUSE while a live encodes (its FFmpeg
 * uses a real share of a core) or runs slower than real time. The machine's load average is not
 * used here: the job's own load would keep it paused as long as any live runs.
 */
export function liveCpuDemand(events: EventSource, options: LiveCpuDemandOptions): LiveCpuDemand {
  const threshold = options.encodingCpuPercent ?? 25;
  const freshMs = options.freshMs ?? 15_000;
  const samples = new Map<string, Sample>();
  const unsubscribe = events.subscribe((event, payload) => {
    const p = payload as { liveId?: unknown; id?: unknown; state?: unknown; stats?: { cpuPercent?: unknown; health?: unknown } };
    if (event === 'run.stats' && typeof p.liveId === 'string' && p.stats) {
      const cpu = typeof p.stats.cpuPercent === 'number' ? p.stats.cpuPercent : 0;
      samples.set(p.liveId, { cpuPercent: cpu, degraded: p.stats.health === 'degraded', at: options.now() });
    } else if (event === 'live.updated' && typeof p.id === 'string' && !isActive(p.state as LiveState)) {
      samples.delete(p.id);
    } else if (event === 'live.deleted' && typeof p.liveId === 'string') {
      samples.delete(p.liveId);
    }
  });
  return {
    reason() {
      const now = options.now();
      let encoding = 0;
      for (const [liveId, sample] of samples) {
        if (now - sample.at > freshMs) {
          samples.delete(liveId);
          continue;
        }
        if (sample.degraded) return 'A live runs slower than real time: optimize jobs wait until it keeps up.';
        if (sample.cpuPercent >= threshold) encoding += 1;
      }
      if (encoding === 0) return null;
      return encoding === 1
        ? 'A live is encoding: optimize jobs wait until it ends.'
        : `${encoding} lives are encoding: optimize jobs wait until they end.`;
    },
    close: unsubscribe,
  };
}
