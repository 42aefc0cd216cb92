import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../../electron/engine/secrets/secret-store';

/**
 * Test-only: secrets in a plain JSON file, so a second engine process on the same data folder
 * (crash tests) finds the keys the first one stored. Never use outside tests.
 */
export class FileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  get(id: string): Promise<string | null> {
    return Promise.resolve(this.#read()[id] ?? null);
  }

  set(id: string, value: string): Promise<void> {
    writeFileSync(this.file, JSON.stringify({ ...this.#read(), [id]: value }), { mode: 0o600 });
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    const values = this.#read();
    delete values[id];
    writeFileSync(this.file, JSON.stringify(values), { mode: 0o600 });
    return Promise.resolve();
  }

  #read(): Record<string, string> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }
}
