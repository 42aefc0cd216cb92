import type { DatabaseSync } from 'node:sqlite';
import type { IptvProblem } from '@shared/contract/iptv';
import { CatalogBuilder } from '../catalog/catalog-builder';
import { catalogTables, dropCatalogTables, dropEpgTables, epgTables } from '../catalog/catalog-tables';
import { credentialsInUrl, SecretDictionary } from '../catalog/url-template';
import { WarningLog } from '../catalog/warnings';
import type { EpgJob } from '../epg/epg-job';
import { runEpgWorker } from '../epg/epg-runner';
import { asIptvFailure, IptvFailure } from '../iptv-failure';
import { checkFetchUrl } from '../input-url';
import { importM3u } from '../m3u/m3u-import';
import { openByteSource, type ByteSourceSpec } from '../net/byte-source';
import { VLC_USER_AGENT, type FetchPolicy } from '../net/http-get';
import { loginSecrets, type ProviderLogin, type ProviderSecrets } from '../providers/provider-secrets';
import type { ProviderRecord, ProviderStore, StoredStatus } from '../providers/provider-store';
import { AccountProblem, playbackExtension } from '../xtream/xtream-account';
import { XtreamApi } from '../xtream/xtream-api';
import { importXtream } from '../xtream/xtream-import';

export interface IptvLimits {
  readonly maxPlaylistBytes: number;
  readonly maxChannels: number;
  readonly maxEpgBytes: number;
  /** EPG programmes kept: from this long ago… */
  readonly epgPastMs: number;
  /** …to this far ahead. */
  readonly epgFutureMs: number;
}

export const DEFAULT_LIMITS: IptvLimits = Object.freeze({
  maxPlaylistBytes: 100 * 1024 * 1024,
  maxChannels: 250_000,
  maxEpgBytes: 1024 * 1024 * 1024,
  epgPastMs: 6 * 3600_000,
  epgFutureMs: 8 * 24 * 3600_000,
});

export interface RefreshContext {
  readonly db: DatabaseSync;
  readonly dbPath: string;
  readonly store: ProviderStore;
  readonly secrets: ProviderSecrets;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
  readonly policy: FetchPolicy;
  readonly limits: IptvLimits;
  readonly epgWorkerFile: string | null;
  /** Null: the playlist is parsed on the main thread. */
  readonly m3uWorkerFile: string | null;
  /** Told after each stored change of status (the module emits iptv.providerUpdated). */
  readonly changed: (providerId: string) => void;
}

export function userAgentOf(record: ProviderRecord): string {
  return record.settings.userAgent ?? VLC_USER_AGENT;
}

/** The fetch policy for this provider's downloads (a non-admin's on a shared agent: public addresses only). */
export function policyOf(ctx: RefreshContext, record: ProviderRecord): FetchPolicy {
  return record.settings.restrictedNetwork ? { ...ctx.policy, privateNetworks: false } : ctx.policy;
}

/** An Xtream panel's API client for a provider's stored login. */
export function xtreamApiOf(ctx: RefreshContext, login: ProviderLogin, record: ProviderRecord, signal?: AbortSignal): XtreamApi {
  if (!login.serverUrl || !login.username || !login.password) {
    throw new IptvFailure('credentials-missing', "This provider's Xtream login is incomplete; edit it and enter it again.");
  }
  return new XtreamApi(
    { serverUrl: login.serverUrl, username: login.username, password: login.password },
    {
      userAgent: userAgentOf(record),
      policy: policyOf(ctx, record),
      maxBytes: ctx.limits.maxPlaylistBytes,
      ...(signal ? { signal } : {}),
    },
  );
}

/**
 * One refresh of a provider: account check (Xtream), catalog into a new generation, then EPG
 * into a new generation (in the worker). Each part is switched in only once complete; a part
 * that fails leaves the one in use untouched and records why in the provider's status.
 */
export async function refreshProvider(ctx: RefreshContext, providerId: string, signal: AbortSignal): Promise<void> {
  const record = ctx.store.get(providerId);
  if (!record) return;
  const started = ctx.now();
  patchStatus(ctx, providerId, (s) => ({ ...s, catalog: { ...s.catalog, lastAttemptAt: started } }));
  let login: ProviderLogin;
  let outcome: { epgUrls: string[]; secrets: readonly string[] };
  try {
    login = await ctx.secrets.login(record.loginRef);
    outcome = await refreshCatalog(ctx, record, login, signal);
  } catch (error) {
    const failure = asIptvFailure(error);
    if (failure.code === 'internal') ctx.log(`IPTV refresh of ${providerId} failed`, error);
    patchStatus(ctx, providerId, (s) => ({ ...s, catalog: { ...s.catalog, lastError: problemOf(ctx, failure) } }));
    return;
  }
  await refreshEpg(ctx, providerId, login, outcome.epgUrls, outcome.secrets, signal);
}

async function refreshCatalog(
  ctx: RefreshContext,
  record: ProviderRecord,
  login: ProviderLogin,
  signal: AbortSignal,
): Promise<{ epgUrls: string[]; secrets: readonly string[] }> {
  const generation = ctx.store.allocateGeneration(record.id);
  const builder = new CatalogBuilder(ctx.db, record.seq, generation, signal);
  const warnings = new WarningLog();
  let dictionary = new SecretDictionary();
  let epgUrls: string[];
  try {
    if (record.kind === 'xtream') {
      // Xtream channels store stream ids, not URLs: the dictionary stays empty.
      const api = xtreamApiOf(ctx, login, record, signal);
      let account;
      try {
        account = await api.probe(ctx.now());
      } catch (error) {
        if (error instanceof AccountProblem) ctx.store.update(record.id, { account: error.account });
        throw error;
      }
      ctx.store.update(record.id, { account });
      ctx.changed(record.id);
      const format = playbackExtension(account) === 'm3u8' ? 'hls' : 'ts';
      await importXtream(api, builder, warnings, { maxChannels: ctx.limits.maxChannels, format });
      epgUrls = [api.xmltvUrl()];
    } else {
      const playlist = login.playlist;
      if (!playlist) throw new IptvFailure('credentials-missing', "This provider's playlist address is missing; edit it.");
      dictionary = new SecretDictionary('url' in playlist ? credentialsInUrl(playlist.url) : []);
      const opened = await openByteSource(playlist, {
        userAgent: userAgentOf(record),
        maxBytes: ctx.limits.maxPlaylistBytes,
        what: 'The playlist',
        policy: policyOf(ctx, record),
        secrets: loginSecrets(login),
        signal,
      });
      ({ epgUrls } = await importM3u(opened, builder, dictionary, warnings, {
        maxChannels: ctx.limits.maxChannels,
        workerFile: ctx.m3uWorkerFile,
        signal,
      }));
    }
    const counts = await builder.finish();
    const secretsRef = await ctx.secrets.saveUrlSecrets(record.id, generation, dictionary.values);
    const current = ctx.store.get(record.id);
    if (!current) {
      builder.discard();
      await ctx.secrets.discard(secretsRef);
      return { epgUrls: [], secrets: [] };
    }
    // The switch: one UPDATE, so readers see the old catalog or the new one, never a mix.
    ctx.store.update(record.id, {
      catalogGen: generation,
      catalogSecretsRef: secretsRef,
      status: {
        ...current.status,
        catalog: {
          ...current.status.catalog,
          channelCount: counts.channels,
          categoryCount: counts.categories,
          refreshedAt: ctx.now(),
          lastError: null,
          warnings: warnings.summary(),
        },
      },
    });
    if (current.catalogGen > 0) dropCatalogTables(ctx.db, catalogTables(record.seq, current.catalogGen));
    await ctx.secrets.discard(current.catalogSecretsRef);
    ctx.changed(record.id);
    return { epgUrls, secrets: [...dictionary.values, ...loginSecrets(login)] };
  } catch (error) {
    builder.discard();
    throw error instanceof IptvFailure ? asIptvFailure(error, [...dictionary.values, ...loginSecrets(login)]) : error;
  }
}

async function refreshEpg(
  ctx: RefreshContext,
  providerId: string,
  login: ProviderLogin,
  playlistEpgUrls: readonly string[],
  secrets: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const record = ctx.store.get(providerId);
  if (!record) return;
  const sources: ByteSourceSpec[] =
    login.epg.length > 0 ? [...login.epg] : playlistEpgUrls.filter((url) => checkFetchUrl(url).ok).map((url) => ({ url }));
  if (sources.length === 0) return;
  const generation = ctx.store.allocateGeneration(providerId);
  const now = ctx.now();
  const job: EpgJob = {
    dbPath: ctx.dbPath,
    seq: record.seq,
    generation,
    sources,
    userAgent: userAgentOf(record),
    policy: policyOf(ctx, record),
    maxBytes: ctx.limits.maxEpgBytes,
    window: { fromMs: now - ctx.limits.epgPastMs, toMs: now + ctx.limits.epgFutureMs },
    secrets,
  };
  try {
    const reply = await runEpgWorker(ctx.epgWorkerFile, job, signal);
    const current = ctx.store.get(providerId);
    if (!current) {
      dropEpgTables(ctx.db, epgTables(record.seq, generation));
      return;
    }
    const problem = reply.problems[0];
    ctx.store.update(providerId, {
      epgGen: generation,
      status: {
        ...current.status,
        epg: {
          programmeCount: reply.programmes,
          refreshedAt: ctx.now(),
          lastError: problem ? problemOf(ctx, new IptvFailure(problem.code, problem.message)) : null,
        },
      },
    });
    if (current.epgGen > 0) dropEpgTables(ctx.db, epgTables(record.seq, current.epgGen));
  } catch (error) {
    dropEpgTables(ctx.db, epgTables(record.seq, generation));
    const failure = asIptvFailure(error, secrets);
    if (failure.code === 'internal') ctx.log(`IPTV EPG refresh of ${providerId} failed`, error);
    patchStatus(ctx, providerId, (s) => ({ ...s, epg: { ...s.epg, lastError: problemOf(ctx, failure) } }));
  }
  ctx.changed(providerId);
}

function problemOf(ctx: RefreshContext, failure: IptvFailure): IptvProblem {
  return { code: failure.code, message: failure.message, at: new Date(ctx.now()).toISOString() };
}

function patchStatus(ctx: RefreshContext, providerId: string, change: (status: StoredStatus) => StoredStatus): void {
  const record = ctx.store.get(providerId);
  if (!record) return;
  ctx.store.update(providerId, { status: change(record.status) });
  ctx.changed(providerId);
}
