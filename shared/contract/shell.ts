import { z } from 'zod';
import { event } from './define';

/**
 * Events the desktop shell (Electron main) raises itself, not the engine: the renderer reacts to
 * them like any engine event. Tagged with the target the live belongs to.
 */
export const shellEvents = {
  'shell.openLive': event({
    summary: 'The user clicked a native notification or tray item about this live: show it.',
    payload: z.object({ liveId: z.string().min(1).max(64) }),
  }),
};
