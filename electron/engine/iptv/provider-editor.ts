import type { EngineMode } from '@shared/contract/accounts';
import { randomUUID } from 'node:crypto';
import type { CatalogSource, ProviderInput, ProviderPatch } from '@shared/contract/iptv';
import { RpcError } from '@shared/contract/errors';
import { redactSecrets } from '@shared/ffmpeg/redact';
import type { Caller } from '../context';
import { seesEverything } from '../policy/policy';
import type { ProviderLogin, ProviderSecrets } from './providers/provider-secrets';
import type { ProviderRecord, ProviderSettings, ProviderStore } from './providers/provider-store';

/** A source as shown: the URL with credentials masked, or the file path. */
function shownSource(source: CatalogSource): string {
  return 'url' in source ? redactSecrets(source.url) : source.file;
}

function usesFiles(login: ProviderLogin): boolean {
  return (login.playlist !== undefined && 'file' in login.playlist) || login.epg.some((s) => 'file' in s);
}

function settingsOf(
  kind: 'm3u' | 'xtream',
  login: ProviderLogin,
  rest: Omit<ProviderSettings, 'source' | 'epg' | 'username' | 'usesFiles'>,
): ProviderSettings {
  return {
    source: kind === 'xtream' ? (login.serverUrl ?? '') : login.playlist ? shownSource(login.playlist) : '',
    epg: login.epg.map(shownSource),
    username: kind === 'xtream' ? (login.username ?? null) : null,
    usesFiles: usesFiles(login),
    ...rest,
  };
}

export interface EditorDeps {
  readonly store: ProviderStore;
  readonly secrets: ProviderSecrets;
  readonly mode: EngineMode;
  /** `admins`: a non-admin's provider on a shared agent may not fetch from private addresses. */
  readonly privateNetworks: 'admins' | 'everyone';
}

/**
 * Creating and editing providers: credentials into the SecretStore (a new entry per change,
 * the old one deleted once the row points at the new one), masked copies into the database.
 */
export class ProviderEditor {
  constructor(private readonly deps: EditorDeps) {}

  async add(caller: Caller, input: ProviderInput): Promise<ProviderRecord> {
    const login: ProviderLogin =
      input.kind === 'xtream'
        ? { serverUrl: input.serverUrl.replace(/\/+$/, ''), username: input.username, password: input.password, epg: input.epg }
        : { playlist: input.playlist, epg: input.epg };
    this.#assertMayUseFiles(caller, login);
    const id = randomUUID();
    const loginRef = await this.deps.secrets.saveLogin(id, login);
    try {
      return this.deps.store.insert({
        id,
        ownerId: caller.userId,
        name: input.name,
        kind: input.kind,
        loginRef,
        settings: settingsOf(input.kind, login, {
          maxConnections: input.kind === 'm3u' ? input.maxConnections : null,
          userAgent: input.userAgent,
          refreshIntervalMinutes: input.refreshIntervalMinutes,
          restrictedNetwork: this.#restricted(caller),
        }),
      });
    } catch (error) {
      await this.deps.secrets.discard(loginRef);
      throw error;
    }
  }

  /** Apply a patch; answers whether the source or login changed (the catalog must be refreshed). */
  async update(
    caller: Caller,
    record: ProviderRecord,
    patch: ProviderPatch,
  ): Promise<{ record: ProviderRecord; refetch: boolean }> {
    if (
      record.kind === 'm3u' &&
      (patch.serverUrl !== undefined || patch.username !== undefined || patch.password !== undefined)
    ) {
      throw new RpcError('INVALID_PARAMS', 'serverUrl, username and password are settings of Xtream providers only.');
    }
    if (record.kind === 'xtream' && (patch.playlist !== undefined || patch.maxConnections !== undefined)) {
      throw new RpcError('INVALID_PARAMS', "An Xtream provider has no playlist, and its connection limit is the panel's.");
    }
    const loginChanged = [patch.playlist, patch.serverUrl, patch.username, patch.password, patch.epg].some(
      (v) => v !== undefined,
    );
    let loginRef = record.loginRef;
    let login: ProviderLogin | null = null;
    if (loginChanged) {
      const old = await this.deps.secrets.login(record.loginRef);
      login = {
        ...old,
        ...(patch.playlist ? { playlist: patch.playlist } : {}),
        ...(patch.serverUrl ? { serverUrl: patch.serverUrl.replace(/\/+$/, '') } : {}),
        ...(patch.username ? { username: patch.username } : {}),
        ...(patch.password ? { password: patch.password } : {}),
        epg: patch.epg ?? old.epg,
      };
      this.#assertMayUseFiles(caller, login);
      loginRef = await this.deps.secrets.saveLogin(record.id, login);
    }
    const s = record.settings;
    const rest = {
      maxConnections: patch.maxConnections !== undefined ? patch.maxConnections : s.maxConnections,
      userAgent: patch.userAgent !== undefined ? patch.userAgent : s.userAgent,
      refreshIntervalMinutes: patch.refreshIntervalMinutes ?? s.refreshIntervalMinutes,
      // An admin editing someone's provider does not lift its owner's restriction.
      restrictedNetwork: caller.userId === record.ownerId ? this.#restricted(caller) : (s.restrictedNetwork ?? false),
    };
    const settings = login ? settingsOf(record.kind, login, rest) : { ...s, ...rest };
    const updated = this.deps.store.update(record.id, { ...(patch.name ? { name: patch.name } : {}), settings, loginRef });
    if (!updated) throw new RpcError('NOT_FOUND', `No provider with id "${record.id}".`);
    if (loginRef !== record.loginRef) await this.deps.secrets.discard(record.loginRef);
    return { record: updated, refetch: loginChanged || patch.userAgent !== undefined };
  }

  #restricted(caller: Caller): boolean {
    return this.deps.mode === 'shared' && this.deps.privateNetworks === 'admins' && !seesEverything(caller);
  }

  #assertMayUseFiles(caller: Caller, login: ProviderLogin): void {
    // A file path makes the engine read its own disk: on a shared agent, only admins may.
    if (this.deps.mode === 'shared' && !seesEverything(caller) && usesFiles(login)) {
      throw new RpcError('FORBIDDEN', "Only an admin can use files on the agent's disk as playlists or EPGs; use a URL.");
    }
  }
}
