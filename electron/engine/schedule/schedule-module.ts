import type { Live } from '@shared/contract/lives';
import type { ScheduleSettings } from '@shared/contract/schedule';
import { describeCron } from '@shared/schedule/describe-cron';
import { parseRecurrence } from '@shared/schedule/recurrence';
import { callerOf } from '../context';
import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';
import type { LivesPort } from '../lives/lives-port';
import type { EngineModule } from '../module';
import { liveControlOf } from './lives-adapter';
import { preflightProblems } from './preflight';
import { DEFAULT_MISSED_START_GRACE_MS, ScheduleService } from './schedule-service';
import { ScheduleStore, scheduleMigrations } from './schedule-store';
import { systemTimers, type Timers } from '../time/timers';

export interface ScheduleModuleOptions {
  timers?: Timers;
  /** Default 60 s: the longest timer, i.e. how soon after the machine wakes a due start is seen. */
  maxSleepMs?: number;
  /** Default 5 min (until changed with schedule.updateSettings): how late a missed start may still be made. */
  missedStartGraceMs?: number;
  /** Replaces the real pre-flight checks (tests). */
  preflight?: (live: Live) => Promise<string[]>;
}

const GRACE_KEY = 'missedStartGraceMinutes';

/** One pass of the source, for `afterLoops` ends: the file's duration, or the playlist's total. */
function sourceDuration(ffmpeg: FfmpegTools) {
  return async (live: Live): Promise<number | null> => {
    const paths = live.source.kind === 'file' ? [live.source.path] : live.source.kind === 'playlist' ? live.source.paths : [];
    let totalMs = 0;
    for (const file of paths) {
      const outcome = await ffmpeg.probe(file);
      if (!outcome.ok || outcome.probe.durationSec === null) return null;
      totalMs += outcome.probe.durationSec * 1000;
    }
    return paths.length > 0 ? Math.round(totalMs) : null;
  };
}

/**
 * Scheduled starts and ends of lives, their pre-flight checks, missed starts, and the
 * `schedule.*` methods. Reaches the lives domain through its port (`deps.ports.get('lives')`)
 * and follows it through its `live.updated` / `live.deleted` events, so editing, starting or
 * stopping a live re-arms its schedule with no polling.
 */
export function scheduleModule(options: ScheduleModuleOptions = {}): EngineModule<'schedule'> {
  return {
    name: 'schedule',
    migrations: scheduleMigrations,
    build(deps) {
      // Read when first needed, so the lives module may come before or after this one.
      const lives = (): LivesPort => deps.ports.get('lives');
      const store = new ScheduleStore(deps.db);
      const defaultGraceMinutes = Math.round((options.missedStartGraceMs ?? DEFAULT_MISSED_START_GRACE_MS) / 60_000);
      const settings = (): ScheduleSettings => {
        const saved = store.setting(GRACE_KEY);
        const minutes = saved === null ? Number.NaN : Number(saved);
        return { missedStartGraceMinutes: Number.isInteger(minutes) ? minutes : defaultGraceMinutes };
      };
      const service = new ScheduleService({
        control: liveControlOf(lives),
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
              readKey: (ref) => lives().readStreamKey(ref),
              ffmpeg: deps.ffmpeg,
              sourcePassword: async (liveId) => (await lives().urlPasswords(liveId)).source,
            })),
        probeDurationMs: sourceDuration(deps.ffmpeg),
        runtimeCountsLoops: false,
        log: deps.log,
      });
      let unsubscribe: (() => void) | undefined;
      return {
        handlers: {
          'schedule.describe': ({ cron, timeZone, lang }) => {
            const recurrence = parseRecurrence(cron, timeZone);
            return {
              text: describeCron(recurrence.cron, lang),
              next: recurrence.nextTimes(deps.now(), 5).map((ms) => new Date(ms).toISOString()),
            };
          },
          'schedule.upcoming': (input, ctx) => {
            const caller = callerOf(ctx);
            return service
              .upcoming(input?.limit ?? 5, (ownerId) => caller.isAdmin || ownerId === caller.userId)
              .map((u) => ({ liveId: u.liveId, title: u.title, ownerId: u.ownerId, at: new Date(u.dueAt).toISOString() }));
          },
          'schedule.getSettings': () => settings(),
          'schedule.updateSettings': (input) => {
            store.setSetting(GRACE_KEY, String(input.missedStartGraceMinutes));
            return settings();
          },
        },
        start() {
          unsubscribe = deps.events.subscribe((event, payload) => {
            if (event === 'live.updated') service.liveChanged(payload as Live);
            else if (event === 'live.deleted') service.liveDeleted((payload as { liveId: string }).liveId);
          });
          service.boot();
          return Promise.resolve();
        },
        async close() {
          unsubscribe?.();
          await service.close();
        },
        exports: undefined,
      };
    },
  };
}
