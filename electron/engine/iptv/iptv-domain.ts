import path from 'node:path';
import type { Provider } from '@shared/contract/iptv';
import { RpcError } from '@shared/contract/errors';
import type { Caller } from '../context';
import type { EngineDeps } from '../module';
import { seesEverything } from '../policy/policy';
import type { Timers } from '../time/timers';
import { CatalogReader, type CatalogScope } from './catalog/catalog-reader';
import { catalogPrefix, epgPrefix, strayTables } from './catalog/catalog-tables';
import { UserMarks } from './catalog/user-marks';
import { resolveChannel } from './channel-resolver';
import type { IptvPort } from './ports';
import { ProviderEditor } from './provider-editor';
import { ProviderSecrets } from './providers/provider-secrets';
import { ProviderStore, type ProviderRecord } from './providers/provider-store';
import { connectionLimitOf, providerView } from './providers/provider-view';
import type { FetchPolicy } from './net/http-get';
import {
  policyOf,
  refreshProvider,
  userAgentOf,
  xtreamApiOf,
  type IptvLimits,
  type RefreshContext,
} from './refresh/provider-refresh';
import { RefreshScheduler } from './refresh/refresh-scheduler';
import { TunerSlots } from './tuner/tuner-slots';
import { APP_ORIGINS } from '../http/cors';
import type { IptvHttp } from './http/iptv-http';
import { ChannelPreviews } from './preview/channel-previews';
import { LOGO_PATH, LogoProxy } from './preview/logo-proxy';
import { PREVIEW_PATH, servePreviewFiles } from './preview/preview-route';
import type { XtreamApi } from './xtream/xtream-api';

/** After a failed refresh, try again sooner than the interval (but never more than hourly). */
const RETRY_AFTER_FAILURE_MS = 3600_000;

export interface IptvDomainOptions {
  readonly timers: Timers;
  readonly policy: FetchPolicy;
  readonly limits: IptvLimits;
  readonly epgWorkerFile: string | null;
  readonly m3uWorkerFile: string | null;
  readonly privateNetworks: 'admins' | 'everyone';
  /** The loopback preview listener: channel previews and logos. Null: neither is served. */
  readonly preview: { readonly idleMs?: number; readonly startTimeoutMs?: number };
}

/** Everything the IPTV module's handlers and port stand on, built once per engine. */
export class IptvDomain {
  readonly store: ProviderStore;
  readonly reader: CatalogReader;
  readonly marks: UserMarks;
  readonly secrets: ProviderSecrets;
  readonly editor: ProviderEditor;
  readonly tuners: TunerSlots;
  readonly scheduler: RefreshScheduler;
  readonly port: IptvPort;
  readonly previews: ChannelPreviews;
  readonly logos: LogoProxy;
  /** The engine's HTTP service: previews and logos are routes on its loopback preview listener. */
  readonly #http: IptvHttp;
  readonly #deps: EngineDeps;
  readonly #refresh: RefreshContext;

  constructor(deps: EngineDeps, options: IptvDomainOptions) {
    this.#deps = deps;
    this.store = new ProviderStore(deps.db, deps.now);
    this.reader = new CatalogReader(deps.db, deps.now);
    this.marks = new UserMarks(deps.db, deps.now);
    this.secrets = new ProviderSecrets(deps.secrets, deps.log);
    this.editor = new ProviderEditor({
      store: this.store,
      secrets: this.secrets,
      mode: deps.mode,
      privateNetworks: options.privateNetworks,
    });
    this.tuners = new TunerSlots({
      now: deps.now,
      limitOf: (id) => {
        const record = this.store.get(id);
        return { limit: record ? connectionLimitOf(record) : null, providerName: record?.name ?? id };
      },
      onChange: (id) => this.emit(id),
    });
    this.#refresh = {
      db: deps.db,
      dbPath: deps.db.location() ?? path.join(deps.dataDir, 'livemanager.db'),
      store: this.store,
      secrets: this.secrets,
      now: deps.now,
      log: deps.log,
      policy: options.policy,
      limits: options.limits,
      epgWorkerFile: options.epgWorkerFile,
      m3uWorkerFile: options.m3uWorkerFile,
      changed: (id) => this.emit(id),
    };
    this.scheduler = new RefreshScheduler({
      now: deps.now,
      timers: options.timers,
      run: (id, signal) => refreshProvider(this.#refresh, id, signal),
      nextDueAt: (id) => this.#nextDueAt(id),
      onStateChange: (id) => this.emit(id),
      log: deps.log,
    });
    this.port = {
      tuners: this.tuners,
      resolveChannel: async ({ providerId, channelId, caller }) => {
        const record = this.visible(caller, providerId);
        return resolveChannel(this.#resolverDeps(), record, this.scopeOf(record), channelId, caller.userId);
      },
      openChannel: async ({ providerId, channelId, caller, purpose, label }) => {
        const record = this.visible(caller, providerId);
        const scope = this.scopeOf(record);
        // A channel that left the list is said so before the slots are counted.
        const resolved = await resolveChannel(this.#resolverDeps(), record, scope, channelId, caller.userId);
        const lease = this.tuners.acquire(providerId, purpose, label);
        this.marks.recordWatched(caller.userId, providerId, channelId);
        return { ...resolved, lease };
      },
    };
    this.#http = deps.http;
    this.previews = new ChannelPreviews({
      root: path.join(deps.dataDir, 'iptv-preview'),
      playlistUrl: (id) => this.#http.url('preview', [...PREVIEW_PATH, id, 'index.m3u8']) ?? null,
      ffmpegPath: async () => (await deps.ffmpeg.paths()).ffmpeg,
      open: (request) => this.port.openChannel(request),
      channelName: ({ providerId, channelId, caller }) => {
        const record = this.visible(caller, providerId);
        const channel = this.reader.channel(this.scopeOf(record), caller.userId, channelId);
        if (!channel) throw new RpcError('NOT_FOUND', `No channel "${channelId.slice(0, 64)}" in “${record.name}”.`);
        return channel.name;
      },
      log: deps.log,
      ...options.preview,
    });
    this.logos = new LogoProxy({
      log: deps.log,
      logoOf: (providerId, channelId) => {
        const record = this.store.get(providerId);
        if (!record || record.catalogGen === 0) return null;
        const url = this.reader.logo(this.scopeOf(record), channelId);
        return url ? { url, userAgent: userAgentOf(record), policy: policyOf(this.#refresh, record) } : null;
      },
    });
  }

  /** Serve previews and logos on the preview listener, and clear what a killed engine left. */
  async startPreviews(): Promise<void> {
    await this.previews.boot();
    servePreviewFiles(this.#http, APP_ORIGINS, (id, file) => this.previews.filesOf(id, file));
    this.logos.serve(this.#http, APP_ORIGINS);
  }

  /** `http://127.0.0.1:<port>/iptv/logo`, or null when no preview listener runs. */
  logoBase(): string | null {
    return this.#http.url('preview', [...LOGO_PATH]) ?? null;
  }

  /** The provider if the caller may see it (its owner, or an admin); NOT_FOUND otherwise. */
  visible(caller: Caller, providerId: string): ProviderRecord {
    const record = this.store.get(providerId);
    if (!record || (record.ownerId !== caller.userId && !seesEverything(caller))) {
      throw new RpcError('NOT_FOUND', `No IPTV provider with id "${providerId.slice(0, 64)}".`);
    }
    return record;
  }

  /** The catalog in use; NOT_FOUND-free: a provider not refreshed yet has generation 0. */
  scopeOf(record: ProviderRecord): CatalogScope {
    if (record.catalogGen === 0) {
      throw new RpcError('INVALID_STATE', `“${record.name}” has no channel list yet: its first refresh has not succeeded.`);
    }
    return { providerId: record.id, seq: record.seq, catalogGen: record.catalogGen, epgGen: record.epgGen };
  }

  view(record: ProviderRecord): Provider {
    return providerView(record, {
      refreshing: this.scheduler.isRefreshing(record.id),
      nextRefreshAt: this.scheduler.nextRefreshAt(record.id),
      tuners: this.tuners.usage(record.id),
    });
  }

  emit(providerId: string): void {
    const record = this.store.get(providerId);
    if (record) this.#deps.events.emit('iptv.providerUpdated', this.view(record));
  }

  /** At engine start: drop what interrupted refreshes left, and arm every provider's next refresh. */
  boot(): void {
    const records = this.store.all();
    const inUse = new Set<string>();
    for (const r of records) {
      if (r.catalogGen > 0) inUse.add(catalogPrefix(r.seq, r.catalogGen));
      if (r.epgGen > 0) inUse.add(epgPrefix(r.seq, r.epgGen));
    }
    for (const table of strayTables(this.#deps.db, inUse)) this.#deps.db.exec(`DROP TABLE IF EXISTS ${table}`);
    for (const r of records) this.scheduler.schedule(r.id, this.#nextDueAt(r.id) ?? this.#deps.now());
  }

  #nextDueAt(providerId: string): number | null {
    const record = this.store.get(providerId);
    if (!record) return null;
    const { lastAttemptAt, lastError } = record.status.catalog;
    if (lastAttemptAt === null) return this.#deps.now();
    const interval = record.settings.refreshIntervalMinutes * 60_000;
    return lastAttemptAt + (lastError ? Math.min(interval, RETRY_AFTER_FAILURE_MS) : interval);
  }

  /** An API client for an Xtream provider's stored login. */
  async xtreamApi(record: ProviderRecord): Promise<XtreamApi> {
    return xtreamApiOf(this.#refresh, await this.secrets.login(record.loginRef), record);
  }

  #resolverDeps() {
    return { reader: this.reader, secrets: this.secrets, xtreamApi: (record: ProviderRecord) => this.xtreamApi(record) };
  }
}
