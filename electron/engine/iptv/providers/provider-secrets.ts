import { randomUUID } from 'node:crypto';
import type { CatalogSource } from '@shared/contract/iptv';
import { secretIdOf, secretRefOf } from '../../secrets/secret-ref';
import type { SecretStore } from '../../secrets/secret-store';
import { credentialsInUrl } from '../catalog/url-template';
import { IptvFailure } from '../iptv-failure';

/**
 * Everything about a provider that may hold a credential: the playlist and EPG addresses (tokens,
 * user:password@…), the Xtream password. Kept whole in the SecretStore; the database only has
 * masked copies for display.
 */
export interface ProviderLogin {
  readonly playlist?: CatalogSource;
  readonly serverUrl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly epg: readonly CatalogSource[];
}

/**
 * A provider's secrets: its login, and one dictionary per catalog generation with the values
 * taken out of channel URLs (catalog/url-template.ts). Every write uses a new id, so a refresh
 * or an edit that fails never leaves the provider pointing at a half-written secret; the caller
 * deletes the old id once the database has moved on.
 */
export class ProviderSecrets {
  constructor(
    private readonly store: SecretStore,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  async saveLogin(providerId: string, login: ProviderLogin): Promise<string> {
    const id = `iptv/${providerId}/login/${randomUUID()}`;
    await this.store.set(id, JSON.stringify(login));
    return secretRefOf(id);
  }

  async login(ref: string): Promise<ProviderLogin> {
    const text = await this.store.get(secretIdOf(ref));
    if (text === null) {
      throw new IptvFailure(
        'credentials-missing',
        "This provider's login is missing from the secret store; edit the provider and enter it again.",
      );
    }
    return JSON.parse(text) as ProviderLogin;
  }

  async saveUrlSecrets(providerId: string, generation: number, values: readonly string[]): Promise<string | null> {
    if (values.length === 0) return null;
    const id = `iptv/${providerId}/urls/${generation}-${randomUUID()}`;
    await this.store.set(id, JSON.stringify(values));
    return secretRefOf(id);
  }

  async urlSecrets(ref: string | null): Promise<string[]> {
    if (ref === null) return [];
    const text = await this.store.get(secretIdOf(ref));
    if (text === null) {
      throw new IptvFailure(
        'credentials-missing',
        "The credentials of this provider's channels are missing from the secret store; refresh it.",
      );
    }
    return JSON.parse(text) as string[];
  }

  /** Best effort: a secret that cannot be deleted is logged by id, never fatal. */
  async discard(...refs: (string | null | undefined)[]): Promise<void> {
    for (const ref of refs) {
      if (!ref) continue;
      await this.store.delete(secretIdOf(ref)).catch((error: unknown) => this.log(`Could not delete IPTV secret ${ref}`, error));
    }
  }
}

/** Every credential a login holds, to mask wherever it might show up in a message. */
export function loginSecrets(login: ProviderLogin): string[] {
  const urls = [login.playlist, ...login.epg].flatMap((source) => (source && 'url' in source ? [source.url] : []));
  const found = [login.password ?? '', login.username ?? '', ...urls.flatMap(credentialsInUrl)];
  return [...new Set(found.filter((value) => value.length >= 4))];
}
