import type { z } from 'zod';
import { parseRecurrence, ScheduleInputError } from '../schedule/recurrence';

/**
 * The one refinement of a recurring start (`cron` + `timeZone`), shared by a live's start policy
 * and `schedule.describe`: the pattern must parse in the zone, and the issue names the field.
 */
export function refineRecurrence(value: { cron: string; timeZone: string }, ctx: z.RefinementCtx): void {
  try {
    parseRecurrence(value.cron, value.timeZone);
  } catch (error) {
    if (!(error instanceof ScheduleInputError)) throw error;
    ctx.addIssue({ code: 'custom', path: [error.field], message: error.message });
  }
}
