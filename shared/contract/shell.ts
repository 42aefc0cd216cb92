import { z } from 'zod';
import { event, method } from './define';

/**
 * The desktop shell's own methods and events (Electron main, or the web host's stand-ins):
 * answered by the host the renderer talks to, never forwarded to an engine.
 */
const Title = z.string().trim().min(1).max(200);
/** Where the picker opens; a hint only, so any absolute path of reasonable length. */
const DefaultPath = z.string().max(4096).optional();
const FileFilter = z
  .object({
    name: z.string().trim().min(1).max(80),
    /** Without the dot: `mp4`, `mkv`; `*` for any file. */
    extensions: z
      .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'An extension is letters and digits, without the dot (or *).'))
      .min(1)
      .max(30),
  })
  .strict();

export const shellMethods = {
  'shell.pickFile': method({
    summary: 'Let the user choose file(s) on this computer; an empty list when they cancel.',
    input: z
      .object({
        title: Title.optional(),
        defaultPath: DefaultPath,
        filters: z.array(FileFilter).max(10).optional(),
        multiple: z.boolean().default(false),
      })
      .strict()
      .optional(),
    output: z.object({ paths: z.array(z.string()) }),
  }),
  'shell.pickFolder': method({
    summary: 'Let the user choose a folder on this computer; null when they cancel.',
    input: z.object({ title: Title.optional(), defaultPath: DefaultPath }).strict().optional(),
    output: z.object({ path: z.string().nullable() }),
  }),
};

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
