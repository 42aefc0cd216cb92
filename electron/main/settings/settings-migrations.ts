import { SETTINGS_VERSION } from './settings-schema';

type Raw = Record<string, unknown>;

/** A plaintext secret found in an old settings file, to be moved into the SecretStore. */
export interface ExtractedSecret {
  secretId: string;
  value: string;
}

export interface MigrationResult {
  settings: Raw;
  /** Written to the keychain by the caller, then referenced as `secret:<secretId>`. */
  extractedSecrets: ExtractedSecret[];
  applied: number[];
}

interface Migration {
  to: number;
  up(raw: Raw, secrets: ExtractedSecret[]): Raw;
}

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 1: the first prototype kept `smtpPassword` and per-agent `password` in the settings
 * file, and called close-to-tray `minimizeToTray`. Move each secret out, leave a reference.
 */
const toV1: Migration = {
  to: 1,
  up(raw, secrets) {
    const { minimizeToTray, smtpPassword, ...rest } = raw;
    const next: Raw = { ...rest };
    if (typeof minimizeToTray === 'boolean' && next.closeToTray === undefined) next.closeToTray = minimizeToTray;
    if (isObject(next.smtp)) {
      const smtp: Raw = { ...next.smtp };
      if (typeof smtpPassword === 'string' && smtpPassword) {
        secrets.push({ secretId: 'smtp:password', value: smtpPassword });
        smtp.passwordRef = 'secret:smtp:password';
      }
      next.smtp = smtp;
    }
    if (Array.isArray(next.agents)) {
      next.agents = next.agents.map((agent: unknown) => {
        if (!isObject(agent)) return agent;
        const { password, passphrase, token, ...kept } = agent;
        const id = typeof kept.id === 'string' ? kept.id : 'agent';
        const credential = typeof password === 'string' ? password : typeof passphrase === 'string' ? passphrase : null;
        if (credential) {
          secrets.push({ secretId: `agent:${id}:credential`, value: credential });
          kept.credentialRef = `secret:agent:${id}:credential`;
        }
        if (typeof token === 'string' && token) {
          secrets.push({ secretId: `agent:${id}:session-token`, value: token });
          kept.sessionTokenRef = `secret:agent:${id}:session-token`;
        }
        return kept;
      });
    }
    return next;
  },
};

/** Version 2: notification preferences went from one switch to one per kind of event. */
const toV2: Migration = {
  to: 2,
  up(raw) {
    if (typeof raw.notifications !== 'boolean') return raw;
    const on = raw.notifications;
    return { ...raw, notifications: { desktop: on, liveStarted: on, liveFailed: on, liveEnded: false, scheduleMissed: on } };
  },
};

const MIGRATIONS: readonly Migration[] = [toV1, toV2];

/**
 * Bring a settings object of any earlier version to the current one. Pure: the caller writes the
 * result, and stores the extracted secrets before it does. A file from a newer app is refused.
 */
export function migrateSettings(input: unknown): MigrationResult {
  let raw: Raw = isObject(input) ? { ...input } : {};
  const from = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0;
  if (from > SETTINGS_VERSION) {
    throw new Error(`These settings were written by a newer LiveManager (version ${from}); update the app to read them.`);
  }
  const extractedSecrets: ExtractedSecret[] = [];
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.to <= from) continue;
    raw = migration.up(raw, extractedSecrets);
    applied.push(migration.to);
  }
  return { settings: { ...raw, schemaVersion: SETTINGS_VERSION }, extractedSecrets, applied };
}
