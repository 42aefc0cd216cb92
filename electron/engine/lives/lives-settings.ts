import type { DatabaseSync } from 'node:sqlite';
import { OverloadPolicy, type LivesSettings } from '@shared/contract/lives';

const OVERLOAD_KEY = 'overloadPolicy';

/**
 * Engine-wide lives settings, saved in `lives_settings`. The overload policy an admin saved wins
 * over the host's default (the agent's `--overload` flag, the runtime option), which applies
 * until one is saved.
 */
export class LivesSettingsStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The saved overload policy, or null (the host's default applies). */
  savedOverloadPolicy(): OverloadPolicy | null {
    const row = this.#db.prepare('SELECT value FROM lives_settings WHERE key = ?').get(OVERLOAD_KEY) as
      { value: string } | undefined;
    const parsed = OverloadPolicy.safeParse(row?.value);
    return parsed.success ? parsed.data : null;
  }

  read(defaultPolicy: OverloadPolicy): LivesSettings {
    return { overloadPolicy: this.savedOverloadPolicy() ?? defaultPolicy };
  }

  save(settings: LivesSettings): void {
    this.#db
      .prepare('INSERT INTO lives_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(OVERLOAD_KEY, settings.overloadPolicy);
  }
}
