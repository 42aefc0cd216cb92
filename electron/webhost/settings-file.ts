import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RpcError, toRpcIssues } from '@shared/contract/errors';
import { AppSettings, AppSettingsPatch } from '@shared/contract/host-settings';

export interface WebHostSettings {
  get(): AppSettings;
  /** Validate and save a patch; a bad one is INVALID_PARAMS and nothing is written. */
  update(patch: unknown): AppSettings;
}

/**
 * The web host's preferences: the contract's AppSettings in one JSON file of its data folder
 * (no electron-store outside Electron). Without a folder they live in memory. A file that does
 * not validate is kept aside and replaced by defaults, as the desktop does.
 */
export function openWebHostSettings(
  dataDir: string | undefined,
  log: (message: string) => void = () => undefined,
): WebHostSettings {
  const file = dataDir === undefined ? undefined : path.join(dataDir, 'webhost-settings.json');
  let current = AppSettings.parse({});
  if (file) current = load(file, log);
  return {
    get: () => current,
    update(patch) {
      const parsed = AppSettingsPatch.safeParse(patch);
      if (!parsed.success) {
        throw new RpcError('INVALID_PARAMS', `Settings not saved: ${parsed.error.issues[0]?.message ?? 'invalid value'}.`, {
          issues: toRpcIssues(parsed.error.issues),
        });
      }
      const next = AppSettings.parse({ ...current, ...parsed.data });
      if (file) save(file, next);
      current = next;
      return next;
    },
  };
}

function load(file: string, log: (message: string) => void): AppSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return AppSettings.parse({});
    throw error;
  }
  try {
    return AppSettings.parse(JSON.parse(text));
  } catch {
    const aside = `${file}.invalid-${Date.now()}`;
    renameSync(file, aside);
    log(`Settings file did not validate; kept it as ${path.basename(aside)} and started from defaults.`);
    return AppSettings.parse({});
  }
}

/** Write then rename, so a crash mid-write never leaves half a file. */
function save(file: string, settings: AppSettings): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(settings, null, 2), { mode: 0o600 });
  renameSync(temp, file);
}
