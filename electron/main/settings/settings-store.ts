import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ElectronStore from 'electron-store';
import { z } from 'zod';
import { RpcError, toRpcIssues } from '@shared/contract/errors';
import type { SecretStore } from '../../engine/secrets/secret-store';
import { migrateSettings } from './settings-migrations';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, Settings, SettingsPatch } from './settings-schema';

export interface SettingsStore {
  get(): Settings;
  /** Validate and save a patch; a bad one is a typed INVALID_PARAMS and nothing is written. */
  update(patch: unknown): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
  readonly file: string;
}

export interface OpenSettingsOptions {
  /** userData in the app; a temp folder in tests. */
  dir: string;
  /** Where plaintext secrets found in an old file are moved before the file is rewritten. */
  secrets: SecretStore;
  log?: (message: string) => void;
}

const NAME = 'settings';

/**
 * Open the preferences: migrate an older file first (moving any plaintext secret it held into
 * the keychain, then rewriting it), then let electron-store own it with the JSON Schema derived
 * from the same zod schema. A file that does not validate is kept aside and replaced by defaults.
 */
export async function openSettings(options: OpenSettingsOptions): Promise<SettingsStore> {
  const log = options.log ?? (() => undefined);
  const file = path.join(options.dir, `${NAME}.json`);
  await migrateFile(file, options.secrets, log);

  const store = new ElectronStore<Settings>({
    name: NAME,
    cwd: options.dir,
    schema: jsonSchemaProperties(),
    defaults: DEFAULT_SETTINGS,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  });
  const listeners = new Set<(settings: Settings) => void>();
  let current = Settings.parse(store.store);

  return {
    file,
    get: () => current,
    update(patch) {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) {
        throw new RpcError('INVALID_PARAMS', `Settings not saved: ${parsed.error.issues[0]?.message ?? 'invalid value'}.`, {
          issues: toRpcIssues(parsed.error.issues),
        });
      }
      const next = Settings.parse({ ...current, ...parsed.data });
      store.store = next;
      current = next;
      for (const listener of listeners) listener(next);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The JSON Schema electron-store validates each top-level key with, derived from zod. Defaults
 * are zod's job (and `defaults`), so they are left out: ajv's strict mode refuses some of them.
 */
export function jsonSchemaProperties(): Record<string, object> {
  const schema = z.toJSONSchema(Settings, { io: 'output', target: 'draft-2020-12' }) as { properties?: Record<string, object> };
  return withoutDefaults(schema.properties ?? {}) as Record<string, object>;
}

function withoutDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDefaults);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'default')
      .map(([key, value]) => [key, withoutDefaults(value)]),
  );
}

async function migrateFile(file: string, secrets: SecretStore, log: (message: string) => void): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const version = (raw as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  if (raw !== undefined && version === SETTINGS_VERSION && Settings.safeParse(raw).success) return;

  const migrated = raw === undefined ? undefined : migrateSettings(raw);
  const valid = migrated ? Settings.safeParse(migrated.settings) : undefined;
  if (!migrated || !valid?.success) {
    // Keep the unreadable file for the user, start from defaults: never crash on start-up.
    const aside = `${file}.invalid-${Date.now()}`;
    await rename(file, aside);
    log(`Settings file did not validate; kept it as ${path.basename(aside)} and started from defaults.`);
    return;
  }
  for (const secret of migrated.extractedSecrets) await secrets.set(secret.secretId, secret.value);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  await writeFile(temp, JSON.stringify(valid.data, null, '\t'), { mode: 0o600 });
  await rename(temp, file);
  log(
    `Settings migrated to version ${SETTINGS_VERSION} (steps ${migrated.applied.join(', ')}); ${migrated.extractedSecrets.length} secret(s) moved to the keychain.`,
  );
}
