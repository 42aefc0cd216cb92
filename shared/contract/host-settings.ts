import { z } from 'zod';
import { event, method } from './define';

/**
 * The app's own preferences, as the renderer reads and changes them through `settings.*`. The
 * desktop app stores more than this (SMTP relay, agents, secret-storage choice; see
 * electron/main/settings): those are reached through their own methods, or not at all.
 */
export const NotificationPreferences = z
  .object({
    /** Native notifications on this computer. */
    desktop: z.boolean().default(true),
    liveStarted: z.boolean().default(true),
    liveFailed: z.boolean().default(true),
    liveEnded: z.boolean().default(false),
    scheduleMissed: z.boolean().default(true),
  })
  .strict();
export type NotificationPreferences = z.output<typeof NotificationPreferences>;

/** The UI languages; `system` follows the operating system's (or the browser's). */
export const UiLanguage = z.enum(['en', 'fr']);
export type UiLanguage = z.infer<typeof UiLanguage>;

/** The language to show for a setting: the one chosen, or the first of the system's we speak. */
export function uiLanguageOf(setting: UiLanguage | 'system', systemLocales: readonly string[]): UiLanguage {
  if (setting !== 'system') return setting;
  for (const tag of systemLocales) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

/** The fields, to be spread into a host's stored settings object. */
export const appSettingsShape = {
  language: z.enum(['system', ...UiLanguage.options]).default('system'),
  theme: z.enum(['system', 'dark', 'light']).default('system'),
  /** Desktop only: closing the window keeps the app in the tray. */
  closeToTray: z.boolean().default(true),
  /** Desktop only. */
  startAtLogin: z.boolean().default(false),
  /** An explicit ffmpeg binary or folder; null: LIVEMANAGER_FFMPEG, the bundled copy, then PATH. */
  ffmpegPath: z.string().max(4096).nullable().default(null),
  notifications: NotificationPreferences.default(NotificationPreferences.parse({})),
};

export const AppSettings = z.object(appSettingsShape).strict();
export type AppSettings = z.output<typeof AppSettings>;

type PatchShape<S> = { [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? z.ZodOptional<T> : never };

/**
 * A patch schema for a shape whose fields all have defaults: each field optional, with its
 * default removed. (zod's `.partial()` keeps defaults, so a patch of one field would reset all
 * the others.)
 */
export function patchSchemaOf<S extends Record<string, z.ZodDefault<z.ZodType>>>(shape: S) {
  const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.unwrap().optional()]));
  return z.object(fields as unknown as PatchShape<S>).strict();
}

/**
 * A change: any subset of the fields, each replaced whole; the others stay as they are. The
 * FFmpeg path is not among them: the renderer is treated as untrusted, and a path it could set
 * is a program the app would run. It is chosen in the desktop's own settings flow (or with
 * LIVEMANAGER_FFMPEG), never written by a page.
 */
const { ffmpegPath: _notWritableByPages, ...writableShape } = appSettingsShape;
export const AppSettingsPatch = patchSchemaOf(writableShape);
export type AppSettingsPatch = z.input<typeof AppSettingsPatch>;

export const settingsMethods = {
  'settings.chooseFfmpeg': method({
    summary:
      'Choose the FFmpeg program with the file picker (desktop app), or go back to finding it automatically; used from the next start.',
    input: z
      .object({ automatic: z.boolean().default(false) })
      .strict()
      .optional(),
    output: AppSettings,
  }),
  'settings.get': method({
    summary: "The app's preferences (language, theme, tray, notifications, FFmpeg path).",
    input: z.object({}).strict().optional(),
    output: AppSettings,
  }),
  'settings.update': method({
    summary: 'Change some preferences; the others stay as they are.',
    input: AppSettingsPatch,
    output: AppSettings,
  }),
};

export const settingsEvents = {
  'settings.changed': event({ summary: "The app's preferences changed (any window, the tray).", payload: AppSettings }),
};
