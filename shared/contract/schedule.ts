import { z } from 'zod';
import { refineRecurrence } from './recurrence-field';
import { method } from './define';

const IsoUtc = z.iso.datetime();

export const describeScheduleInput = z
  .object({
    cron: z.string().max(120, 'A cron pattern is at most 120 characters.'),
    timeZone: z.string().max(64, 'A time zone name is at most 64 characters.'),
    lang: z.enum(['en', 'fr']).default('en'),
  })
  .strict()
  .superRefine(refineRecurrence);

export const ScheduleDescription = z.object({
  /** "Monday to Friday at 20:30" / « Du lundi au vendredi à 20:30 », in the pattern's time zone. */
  text: z.string(),
  /** The next five fires, ISO 8601 UTC; the UI shows them in `timeZone`. */
  next: z.array(IsoUtc),
});
export type ScheduleDescription = z.infer<typeof ScheduleDescription>;

export const UpcomingStart = z.object({
  liveId: z.string(),
  title: z.string(),
  ownerId: z.string(),
  at: IsoUtc,
});
export type UpcomingStart = z.infer<typeof UpcomingStart>;

/** Engine-wide scheduling settings (an admin's, on a shared agent). */
export const ScheduleSettings = z
  .object({
    /** How late a scheduled start may still be made after the engine was down or asleep; later, it is missed. */
    missedStartGraceMinutes: z
      .number()
      .int('The grace window is a whole number of minutes.')
      .min(0, 'The grace window is at least 0 minutes.')
      .max(1440, 'The grace window is at most 1440 minutes (a day).'),
  })
  .strict();
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export const scheduleMethods = {
  'schedule.describe': method({
    summary: 'A recurring start in words (en/fr) and its next five fire times.',
    input: describeScheduleInput,
    output: ScheduleDescription,
  }),
  'schedule.upcoming': method({
    summary: "The next scheduled starts, soonest first (the caller's own; every live for an admin).",
    input: z
      .object({ limit: z.number().int().min(1).max(100).default(5) })
      .strict()
      .optional(),
    output: z.array(UpcomingStart),
  }),
  'schedule.getSettings': method({
    summary: 'The scheduling settings: the grace window for starts missed while the engine was down.',
    input: z.object({}).strict().optional(),
    output: ScheduleSettings,
  }),
  'schedule.updateSettings': method({
    summary: 'Change the scheduling settings (admins); applies to the next due start.',
    input: ScheduleSettings,
    output: ScheduleSettings,
  }),
};
