import { z } from 'zod';
import { appSettingsShape, patchSchemaOf } from '@shared/contract/host-settings';

export { NotificationPreferences } from '@shared/contract/host-settings';

/**
 * The desktop app's preferences (electron-store). Secrets are never settings: a field that needs
 * one holds a reference (`secretRef`, a SecretStore id) and the value lives in the OS keychain.
 * Every object is strict, so a stray `password` or `streamKey` is refused, not saved.
 */
export const SETTINGS_VERSION = 2;

const SecretRef = z
  .string()
  .regex(
    /^secret:[A-Za-z0-9:_.-]{1,180}$/,
    'A secret reference looks like "secret:<id>"; the value itself belongs in the keychain.',
  );

/** The relay used for e-mail notifications. Its password is in the keychain under `passwordRef`. */
export const SmtpPreferences = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'none']),
    user: z.string().max(256).nullable().default(null),
    from: z.string().max(320),
    notifyTo: z.string().max(320).nullable().default(null),
    passwordRef: SecretRef.nullable().default(null),
  })
  .strict();

/** A VPS agent reached over SSH. Passwords, passphrases and session tokens are keychain references. */
export const AgentConnection = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'An agent id is letters, digits, - and _.'),
    label: z.string().trim().min(1).max(80),
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1).max(64),
    auth: z.enum(['password', 'key', 'ssh-agent']),
    /** Private key file for `key` auth: a path, never the key itself. */
    keyPath: z.string().max(4096).nullable().default(null),
    /** SHA256 fingerprint pinned on first connection. */
    hostKeySha256: z.string().max(128).nullable().default(null),
    /** SSH password or key passphrase. */
    credentialRef: SecretRef.nullable().default(null),
    sessionTokenRef: SecretRef.nullable().default(null),
  })
  .strict();
export type AgentConnection = z.output<typeof AgentConnection>;

export const Settings = z
  .object({
    schemaVersion: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
    // What the renderer reads and changes through settings.* (the contract's AppSettings).
    ...appSettingsShape,
    smtp: SmtpPreferences.nullable().default(null),
    agents: z.array(AgentConnection).max(50).default([]),
    /** The user accepted Linux's unprotected `basic_text` secret storage. */
    allowUnprotectedSecrets: z.boolean().default(false),
  })
  .strict();
export type Settings = z.output<typeof Settings>;

/** A change to any top-level field but the version; the fields it leaves out keep their value. */
export const SettingsPatch = patchSchemaOf(Settings.omit({ schemaVersion: true }).shape);
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
