import { z } from 'zod';

/** One file of a playlist live, as the live page names it: its rank in this run's play order and its file name. */
export const PlaylistEntry = z.object({
  index: z.number().int().min(0),
  name: z.string(),
});
export type PlaylistEntry = z.infer<typeof PlaylistEntry>;

/**
 * Where a running playlist live is: the file playing now and the one after it (null on the last
 * file of the last play). Order is this run's (a shuffled playlist is reordered at each start).
 */
export const PlaylistPosition = z.object({
  count: z.number().int().min(1),
  playing: PlaylistEntry,
  next: PlaylistEntry.nullable(),
});
export type PlaylistPosition = z.infer<typeof PlaylistPosition>;
