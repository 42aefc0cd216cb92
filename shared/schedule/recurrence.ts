import { sentenceOf } from '../messages/engine-message';
import { Cron } from 'croner';
import { isValidTimeZone } from './time-zone';

/** A schedule input the streamer got wrong; the engine turns it into INVALID_PARAMS. */
export class ScheduleInputError extends Error {
  /** The field to fix, so a form can put the message under it. */
  readonly field: 'cron' | 'timeZone' | 'at';

  constructor(message: string, field: 'cron' | 'timeZone' | 'at' = 'cron') {
    super(message);
    this.name = 'ScheduleInputError';
    this.field = field;
  }
}

/**
 * A recurring start: a 5-field cron (minute precision, as streams are planned) read in an IANA
 * zone. Croner follows Vixie cron across DST: a fixed time in the spring-forward gap runs at the
 * first valid minute after it (02:30 → 03:00), a time that occurs twice runs once.
 */
export interface Recurrence {
  readonly cron: string;
  readonly timeZone: string;
  /** First fire strictly after `afterMs`, or null when the pattern never fires again. */
  nextAfter(afterMs: number): number | null;
  /** Up to `count` fires strictly after `afterMs`. */
  nextTimes(afterMs: number, count: number): number[];
}

const MAX_CRON_LENGTH = 120;

export function parseRecurrence(cron: string, timeZone: string): Recurrence {
  const pattern = cron.trim().replace(/\s+/g, ' ');
  if (pattern.length === 0 || pattern.length > MAX_CRON_LENGTH) {
    throw new ScheduleInputError(sentenceOf('fields.cronLength', { max: MAX_CRON_LENGTH }));
  }
  if (!isValidTimeZone(timeZone))
    throw new ScheduleInputError(sentenceOf('fields.unknownTimeZone', { zone: timeZone.slice(0, 64) }), 'timeZone');
  let job: Cron;
  try {
    job = new Cron(pattern, { timezone: timeZone, paused: true, mode: '5-part' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'invalid pattern';
    throw new ScheduleInputError(sentenceOf('fields.invalidCron', { pattern, reason }));
  }
  const next = (afterMs: number): number | null => job.nextRun(new Date(afterMs))?.getTime() ?? null;
  return {
    cron: pattern,
    timeZone,
    nextAfter: next,
    nextTimes(afterMs, count) {
      return job.nextRuns(count, new Date(afterMs)).map((date) => date.getTime());
    },
  };
}
