import type { DatabaseSync } from 'node:sqlite';
import { RpcError } from '@shared/contract/errors';
import type { Source } from '@shared/contract/lives';
import {
  credentialScope,
  decodeUrlSecret,
  encodeUrlSecret,
  hasClearCredentials,
  hasMaskedCredentials,
  splitUrlCredentials,
} from '@shared/format/url-credentials';
import { transaction } from '../storage/database';
import type { DestinationRecord, LiveRecord, LiveStore } from './live-store';
import type { StreamKeys } from './stream-keys';
import { engineMessage, type EngineMessage } from '@shared/messages/engine-message';

/**
 * The credentials of a live's URLs, read from the SecretStore to build FFmpeg's arguments: one
 * secret per URL (see `revealUrlCredentials` / `urlSecretValues` to use it).
 */
export interface UrlPasswordSet {
  readonly source: string | null;
  /** By destination id. */
  readonly destinations: ReadonlyMap<string, string>;
}

export const NO_URL_PASSWORDS: UrlPasswordSet = { source: null, destinations: new Map() };

/** A URL as it is stored: the password masked, and the reference of the secret behind the mask. */
export interface StoredUrl {
  readonly url: string;
  readonly ref: string | null;
}

/** What a URL replaces: the stored URL and its secret (to keep it when the client sends the mask back). */
export interface PreviousUrl {
  readonly url: string | undefined;
  readonly ref: string | null;
}

/** The URL a source reads, for the kinds that have one. */
export function sourceUrlOf(source: Source): string | undefined {
  return source.kind === 'url' ? source.url : undefined;
}

export function withSourceUrl(source: Source, url: string | undefined): Source {
  return source.kind === 'url' && url !== undefined ? { ...source, url } : source;
}

/**
 * Why a URL whose password is the mask cannot keep a stored one (null when it can, or has no
 * masked password): nothing is stored, or the server or user changed.
 */
export function maskedPasswordProblem(url: string | undefined, previous: PreviousUrl | undefined): string | null {
  if (url === undefined || !hasMaskedCredentials(url)) return null;
  if (!previous?.ref || previous.url === undefined) {
    return 'The password in this URL is the mask (••••): type the password itself.';
  }
  if (credentialScope(previous.url) !== credentialScope(url)) {
    return 'The server or user of this URL changed: type its password again (the stored one stays with the old server).';
  }
  return null;
}

/**
 * Passwords inside source and destination URLs, kept like stream keys (see
 * shared/format/url-credentials.ts): stored in the SecretStore under a fresh id, the URL stored
 * with the password masked, put back only for FFmpeg.
 */
export class UrlPasswords {
  readonly #keys: StreamKeys;

  constructor(keys: StreamKeys) {
    this.#keys = keys;
  }

  /**
   * The URL to store for `url` as a client sent it. A password in clear becomes a new secret (its
   * reference is pushed to `newRefs`, to discard if the change does not commit); the mask keeps
   * `previous`'s secret (checked beforehand with `maskedPasswordProblem`).
   */
  async protect(
    liveId: string,
    slot: string,
    url: string | undefined,
    previous: PreviousUrl | undefined,
    newRefs: string[],
  ): Promise<StoredUrl | undefined> {
    if (url === undefined) return undefined;
    const split = splitUrlCredentials(url);
    const typed = Object.keys(split.clear).length > 0;
    if (!typed && split.masked.length === 0) return { url, ref: null };
    const values: Record<string, string> = { ...split.clear };
    if (split.masked.length > 0) {
      const problem = maskedPasswordProblem(url, previous);
      if (problem !== null || !previous?.ref) throw new RpcError('INVALID_PARAMS', problem ?? 'The URL password is missing.');
      const stored = await this.#keys.read(previous.ref);
      const kept = stored === null ? {} : decodeUrlSecret(stored);
      for (const name of split.masked) {
        const value = kept[name];
        if (value === undefined) throw RpcError.of('INVALID_PARAMS', engineMessage('lives.maskedUrlPartUnknown'));
        values[name] = value;
      }
      // Nothing typed in clear: the stored secret stands as it is.
      if (!typed) return { url: split.url, ref: previous.ref };
    }
    const ref = await this.#keys.storeUrlPassword(liveId, slot, encodeUrlSecret(values));
    newRefs.push(ref);
    return { url: split.url, ref };
  }

  /** The passwords behind a live's masked URLs; a lost secret is an error the streamer can fix. */
  async read(live: LiveRecord): Promise<UrlPasswordSet> {
    const source = await this.#reveal(live.sourceSecretRef, engineMessage('lives.sourcePasswordMissing'));
    const destinations = new Map<string, string>();
    for (const d of live.destinations) {
      const password = await this.#reveal(d.urlSecretRef, engineMessage('lives.destinationPasswordMissing', { name: d.name }));
      if (password !== null) destinations.set(d.id, password);
    }
    return { source, destinations };
  }

  /**
   * Lives saved before URL credentials were secrets (or written by an older engine, which kept
   * only the password secret) may hold some in clear: move each to the SecretStore and rewrite the
   * row with the mask. With `secure_delete`,
   * SQLite overwrites the freed text instead of leaving it in the file.
   */
  async protectStored(db: DatabaseSync, store: LiveStore): Promise<number> {
    const candidates = store.idsWithUrls();
    if (candidates.length === 0) return 0;
    const { secure_delete: secureDelete } = db.prepare('PRAGMA secure_delete').get() as { secure_delete: number };
    db.exec('PRAGMA secure_delete = ON');
    let moved = 0;
    try {
      for (const id of candidates) {
        const live = store.get(id);
        if (live) moved += await this.#protectRecord(db, store, live);
      }
      // The old text may still sit in the WAL: copy the pages back into the file and empty the WAL.
      if (moved > 0) db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      db.exec(`PRAGMA secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
    }
    return moved;
  }

  /** One stored live's credentials in clear → secrets; returns how many URLs were moved. */
  async #protectRecord(db: DatabaseSync, store: LiveStore, live: LiveRecord): Promise<number> {
    const newRefs: string[] = [];
    const replaced: string[] = [];
    const inClear = (url: string | undefined): url is string => url !== undefined && hasClearCredentials(url);
    const move = async (slot: string, url: string, ref: string | null): Promise<StoredUrl | undefined> => {
      // A masked part keeps its stored value whatever the scope (it is the same stored URL).
      const stored = await this.protect(live.id, slot, url, { url, ref }, newRefs);
      if (ref !== null && stored?.ref !== ref) replaced.push(ref);
      return stored;
    };
    const sourceUrl = sourceUrlOf(live.source);
    const source = inClear(sourceUrl) ? await move('source', sourceUrl, live.sourceSecretRef) : undefined;
    const destinations: DestinationRecord[] = [];
    for (const d of live.destinations) {
      const stored = inClear(d.url) ? await move(d.id, d.url, d.urlSecretRef) : undefined;
      destinations.push(stored ? { ...d, url: stored.url, urlSecretRef: stored.ref } : d);
    }
    if (newRefs.length === 0) return 0;
    try {
      transaction(db, () => {
        store.replace({
          ...live,
          source: source ? withSourceUrl(live.source, source.url) : live.source,
          sourceSecretRef: source ? source.ref : live.sourceSecretRef,
          destinations,
        });
      });
    } catch (error) {
      await this.#keys.discard(newRefs);
      throw error;
    }
    await this.#keys.discard(replaced);
    return newRefs.length;
  }

  async #reveal(ref: string | null, whenMissing: EngineMessage): Promise<string | null> {
    if (ref === null) return null;
    const password = await this.#keys.read(ref);
    if (password === null) {
      throw RpcError.of('INVALID_STATE', whenMissing);
    }
    return password;
  }
}
