import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { SecretStore } from '../secrets/secret-store';
import { transaction } from '../storage/database';
import type { TokenKeys } from './viewer-tokens';

interface KeyRow {
  kid: string;
  role: 'current' | 'previous';
}

const secretIdOf = (kid: string): string => `outputs/signing-key/${kid}`;

/**
 * The HMAC keys that sign viewer tokens. The keys live in the SecretStore (the OS keychain, the
 * agent's encrypted file); the database only says which id is current and which one is kept to
 * verify tokens signed before the last rotation. Rotating makes a new current key; the old
 * current stays valid as `previous` (links already given keep working) unless it is dropped,
 * which ends every token signed before.
 */
export class SigningKeys implements TokenKeys {
  readonly #keys = new Map<string, Buffer>();
  #current: { kid: string; key: Buffer } | undefined;

  constructor(
    private readonly db: DatabaseSync,
    private readonly secrets: SecretStore,
    private readonly now: () => number,
  ) {}

  /** Read the keys, making the first one if there is none (or the store lost it). */
  async load(): Promise<void> {
    this.#keys.clear();
    this.#current = undefined;
    for (const row of this.db.prepare('SELECT kid, role FROM output_signing_keys').all() as unknown as KeyRow[]) {
      const value = await this.secrets.get(secretIdOf(row.kid));
      if (value === null) continue; // the store was reset: tokens of that key cannot be checked
      const key = Buffer.from(value, 'base64url');
      this.#keys.set(row.kid, key);
      if (row.role === 'current') this.#current = { kid: row.kid, key };
    }
  }

  /** A current key, made on first need: an engine without outputs keeps no signing key. */
  async ensureCurrent(): Promise<void> {
    if (!this.#current) await this.rotate(false);
  }

  current(): { kid: string; key: Buffer } {
    if (!this.#current) throw new Error('The signing keys have not been loaded.');
    return this.#current;
  }

  byId(kid: string): Buffer | undefined {
    return this.#keys.get(kid);
  }

  async rotate(dropPrevious: boolean): Promise<void> {
    const kid = randomBytes(6).toString('base64url');
    const key = randomBytes(32);
    await this.secrets.set(secretIdOf(kid), key.toString('base64url'));
    const rows = this.db.prepare('SELECT kid, role FROM output_signing_keys').all() as unknown as KeyRow[];
    const discarded = rows.filter((r) => r.role === 'previous' || dropPrevious).map((r) => r.kid);
    transaction(this.db, () => {
      for (const old of discarded) this.db.prepare('DELETE FROM output_signing_keys WHERE kid = ?').run(old);
      this.db.prepare("UPDATE output_signing_keys SET role = 'previous' WHERE role = 'current'").run();
      this.db.prepare("INSERT INTO output_signing_keys (kid, role, created_at) VALUES (?, 'current', ?)").run(kid, this.now());
    });
    for (const old of discarded) {
      this.#keys.delete(old);
      await this.secrets.delete(secretIdOf(old)).catch(() => undefined);
    }
    this.#keys.set(kid, key);
    this.#current = { kid, key };
  }
}
