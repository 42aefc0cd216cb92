import type { Live } from '@shared/contract/lives';
import type { ScheduleSettings } from '@shared/contract/schedule';
import { describeCron } from '@shared/schedule/describe-cron';
import { parseRecurrence } from '@shared/schedule/recurrence';
import { callerOf } from '../context';
import { locateTool } from '../ffmpeg/locate';
import { probeSource } from '../ffmpeg/probe';
import type { LivesDomain } from '../lives/lives-module';
import { StreamKeys } from '../lives/stream-keys';
import type { EngineDeps, EngineModule } from '../module';
import { liveControlOf } from './lives-adapter';
import { preflightProblems } from './preflight';
import { DEFAULT_MISSED_START_GRACE_MS, ScheduleService } from './schedule-service';
import { ScheduleStore, scheduleMigrations } from './schedule-store';
import { systemTimers, type Timers } from './timers';

export interface ScheduleModuleOptions {
  /** The lives domain (livesModule().domain), which starts and stops the lives. */
  lives: () => LivesDomain;
  timers?: Timers;
  /** Default 60 s: the longest timer, i.e. how soon after the machine wakes a due start is seen. */
  maxSleepMs?: number;
  /** Default 5 min (until changed with schedule.updateSettings): how late a missed start may still be made. */
  missedStartGraceMs?: number;
  /** Replaces the real pre-flight checks (tests). */
  preflight?: (live: Live) => Promise<string[]>;
}

const GRACE_KEY = 'missedStartGraceMinutes';

/** Where ffprobe is, looked up once and remembered once found. */
function ffprobeFinder(deps: EngineDeps): () => Promise<string | null> {
  let found: string | null = null;
  return async () => {
    if (found !== null) return found;
    const tool = await locateTool('ffprobe', { explicitPath: deps.ffmpegPath, bundledDir: deps.bundledFfmpegDir });
    found = tool.found ? tool.path : null;
    return found;
  };
}

/** One pass of the source, for `afterLoops` ends: the file's duration, or the playlist's total. */
function sourceDuration(ffprobe: () => Promise<string | null>) {
  return async (live: Live): Promise<number | null> => {
    const paths = live.source.kind === 'file' ? [live.source.path] : live.source.kind === 'playlist' ? live.source.paths : [];
    const ffprobePath = paths.length > 0 ? await ffprobe() : null;
    if (ffprobePath === null) return null;
    let totalMs = 0;
    for (const file of paths) {
      const outcome = await probeSource(file, { ffprobePath });
      if (!outcome.ok || outcome.probe.durationSec === null) return null;
      totalMs += outcome.probe.durationSec * 1000;
    }
    return Math.round(totalMs);
  };
}

/**
 * Scheduled starts and ends of lives, their pre-flight checks, missed starts, and the
 * `schedule.*` methods. Follows the lives domain through its `live.updated` / `live.deleted`
 * events, so editing, starting or stopping a live re-arms its schedule with no polling.
 */
export function scheduleModule(options: ScheduleModuleOptions): EngineModule {
  let service: ScheduleService | undefined;
  let unsubscribe: (() => void) | undefined;
  const running = (): ScheduleService => {
    if (!service) throw new Error('The schedule module has not been given its engine dependencies yet.');
    return service;
  };

  return {
    name: 'schedule',
    migrations: scheduleMigrations,
    handlers(deps) {
      const ffprobe = ffprobeFinder(deps);
      const keys = new StreamKeys(deps.secrets, deps.log);
      const store = new ScheduleStore(deps.db);
      const defaultGraceMinutes = Math.round((options.missedStartGraceMs ?? DEFAULT_MISSED_START_GRACE_MS) / 60_000);
      const settings = (): ScheduleSettings => {
        const saved = store.setting(GRACE_KEY);
        const minutes = saved === null ? Number.NaN : Number(saved);
        return { missedStartGraceMinutes: Number.isInteger(minutes) ? minutes : defaultGraceMinutes };
      };
      service = new ScheduleService({
        control: liveControlOf(options.lives),
        notices: deps.notices,
        store,
        now: deps.now,
        timers: options.timers ?? systemTimers,
        missedStartGraceMs: () => settings().missedStartGraceMinutes * 60_000,
        maxSleepMs: options.maxSleepMs ?? 60_000,
        preflight:
          options.preflight ??
          ((live) =>
            preflightProblems(live, {
              readKey: (ref) => keys.read(ref),
              ffprobePath: ffprobe,
              sourcePassword: async (liveId) => (await options.lives().urlPasswords(liveId)).source,
            })),
        probeDurationMs: sourceDuration(ffprobe),
        runtimeCountsLoops: false,
        log: deps.log,
      });
      return {
        'schedule.describe': ({ cron, timeZone, lang }) => {
          const recurrence = parseRecurrence(cron, timeZone);
          return {
            text: describeCron(recurrence.cron, lang),
            next: recurrence.nextTimes(deps.now(), 5).map((ms) => new Date(ms).toISOString()),
          };
        },
        'schedule.upcoming': (input, ctx) => {
          const caller = callerOf(ctx);
          return running()
            .upcoming(input?.limit ?? 5, (ownerId) => caller.isAdmin || ownerId === caller.userId)
            .map((u) => ({ liveId: u.liveId, title: u.title, ownerId: u.ownerId, at: new Date(u.dueAt).toISOString() }));
        },
        'schedule.getSettings': () => settings(),
        'schedule.updateSettings': (input) => {
          store.setSetting(GRACE_KEY, String(input.missedStartGraceMinutes));
          return settings();
        },
      };
    },
    start(deps) {
      const schedule = running();
      unsubscribe = deps.events.subscribe((event, payload) => {
        if (event === 'live.updated') schedule.liveChanged(payload as Live);
        else if (event === 'live.deleted') schedule.liveDeleted((payload as { liveId: string }).liveId);
      });
      schedule.boot();
      return Promise.resolve();
    },
    async close() {
      unsubscribe?.();
      await service?.close();
    },
  };
}
