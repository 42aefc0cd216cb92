import { RpcError } from '@shared/contract/errors';
import { callerOf } from '../context';
import type { EngineHandlers, EngineModule } from '../module';
import { seesEverything } from '../policy/policy';
import { systemTimers, type Timers } from '../time/timers';
import { catalogTables, dropCatalogTables, dropEpgTables, epgTables } from './catalog/catalog-tables';
import { defaultEpgWorkerFile } from './epg/epg-runner';
import { defaultM3uWorkerFile } from './m3u/m3u-worker-run';
import { IptvDomain } from './iptv-domain';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './net/http-get';
import { iptvMigrations } from './migrations';
import { DEFAULT_LIMITS, type IptvLimits } from './refresh/provider-refresh';

export interface IptvModuleOptions {
  /** Refresh timers; a ManualClock in tests. */
  timers?: Timers;
  /** The built EPG worker script (tests bundle one); default: beside the engine's bundle. */
  epgWorkerFile?: string | null;
  /** The built M3U worker script (tests bundle one); default: beside the engine's bundle, else parse inline. */
  m3uWorkerFile?: string | null;
  fetchPolicy?: FetchPolicy;
  limits?: Partial<IptvLimits>;
  /**
   * Who may make the engine fetch from loopback and private addresses (default `admins`: on a
   * shared agent a non-admin's playlist cannot reach the agent's own services or the cloud's
   * metadata endpoint). Tests of shared agents use `everyone` to serve playlists on loopback.
   */
  privateNetworks?: 'admins' | 'everyone';
  /** Channel previews stop after `idleMs` without a reader (default 30 s); tests shorten it. */
  preview?: { idleMs?: number; startTimeoutMs?: number };
}

/**
 * IPTV providers (M3U, Xtream Codes), their catalogs (FTS5), EPGs (XMLTV read in a worker),
 * per-user favourites, recent and hidden categories, tuner slots, and the `iptv.*` methods.
 */
export function iptvModule(options: IptvModuleOptions = {}): EngineModule<'iptv'> {
  return {
    name: 'iptv',
    migrations: iptvMigrations,
    build(deps) {
      const d = new IptvDomain(deps, {
        timers: options.timers ?? systemTimers,
        policy: options.fetchPolicy ?? DEFAULT_FETCH_POLICY,
        limits: { ...DEFAULT_LIMITS, ...options.limits },
        epgWorkerFile: options.epgWorkerFile === undefined ? defaultEpgWorkerFile() : options.epgWorkerFile,
        m3uWorkerFile: options.m3uWorkerFile === undefined ? defaultM3uWorkerFile() : options.m3uWorkerFile,
        privateNetworks: options.privateNetworks ?? 'admins',
        preview: options.preview ?? {},
      });
      const handlers: Partial<EngineHandlers> = {
        'iptv.listProviders': (input, ctx) => {
          const caller = callerOf(ctx);
          const ownerId = seesEverything(caller) ? undefined : caller.userId;
          const after = input?.cursor ? Number(Buffer.from(input.cursor, 'base64url').toString('utf8')) : 0;
          if (!Number.isSafeInteger(after)) throw new RpcError('INVALID_PARAMS', 'This page cursor is not one the engine gave.');
          const limit = input?.limit ?? 100;
          const rows = d.store.list({ ownerId, afterSeq: after, limit: limit + 1 });
          const page = rows.slice(0, limit);
          const last = page.at(-1);
          return {
            items: page.map((r) => d.view(r)),
            nextCursor: rows.length > limit && last ? Buffer.from(String(last.seq)).toString('base64url') : null,
            total: input?.cursor ? null : d.store.count(ownerId),
          };
        },
        'iptv.getProvider': ({ providerId }, ctx) => d.view(d.visible(callerOf(ctx), providerId)),
        'iptv.addProvider': async (input, ctx) => {
          const record = await d.editor.add(callerOf(ctx), input);
          void d.scheduler.refresh(record.id);
          return d.view(record);
        },
        'iptv.updateProvider': async ({ providerId, patch }, ctx) => {
          const caller = callerOf(ctx);
          const { record, refetch } = await d.editor.update(caller, d.visible(caller, providerId), patch);
          if (refetch) void d.scheduler.refresh(record.id, { restart: true });
          else if (!d.scheduler.isRefreshing(record.id) && patch.refreshIntervalMinutes !== undefined) {
            const last = record.status.catalog.lastAttemptAt ?? deps.now();
            d.scheduler.schedule(record.id, last + record.settings.refreshIntervalMinutes * 60_000);
          }
          d.emit(record.id);
          return d.view(d.store.get(record.id) ?? record);
        },
        'iptv.deleteProvider': async ({ providerId }, ctx) => {
          const record = d.visible(callerOf(ctx), providerId);
          await d.scheduler.forget(providerId);
          await d.previews.stopProvider(providerId);
          const current = d.store.get(providerId) ?? record;
          d.store.delete(providerId);
          if (current.catalogGen > 0) dropCatalogTables(deps.db, catalogTables(current.seq, current.catalogGen));
          if (current.epgGen > 0) dropEpgTables(deps.db, epgTables(current.seq, current.epgGen));
          await d.secrets.discard(current.loginRef, current.catalogSecretsRef);
          deps.events.emit('iptv.providerDeleted', { providerId, ownerId: current.ownerId });
          return { providerId };
        },
        'iptv.refreshProvider': ({ providerId }, ctx) => {
          const record = d.visible(callerOf(ctx), providerId);
          void d.scheduler.refresh(record.id);
          return d.view(record);
        },
        'iptv.listCategories': ({ providerId, cursor, limit }, ctx) => {
          const caller = callerOf(ctx);
          const record = d.visible(caller, providerId);
          if (record.catalogGen === 0) return { items: [], nextCursor: null, total: 0 };
          return d.reader.categories(d.scopeOf(record), caller.userId, cursor, limit);
        },
        'iptv.listChannels': (input, ctx) => {
          const caller = callerOf(ctx);
          const record = d.visible(caller, input.providerId);
          if (record.catalogGen === 0) return { items: [], nextCursor: null, total: 0 };
          return d.reader.channels(d.scopeOf(record), caller.userId, input);
        },
        'iptv.channelGuide': async ({ providerId, channelId, from, limit }, ctx) => {
          const caller = callerOf(ctx);
          const record = d.visible(caller, providerId);
          const scope = d.scopeOf(record);
          const channel = d.reader.channel(scope, caller.userId, channelId);
          if (!channel) throw new RpcError('NOT_FOUND', `No channel "${channelId.slice(0, 64)}" in “${record.name}”.`);
          const { stream, epgKey, ...view } = channel;
          const fromMs = from ? Date.parse(from) : deps.now();
          const programmes = epgKey ? d.reader.guide(scope, epgKey, fromMs, limit) : [];
          if (programmes.length > 0 || record.kind !== 'xtream') {
            return { channel: view, programmes, source: programmes.length > 0 ? 'xmltv' : 'none' };
          }
          // Panels without a usable xmltv.php still answer get_short_epg per stream.
          try {
            const api = await d.xtreamApi(record);
            const short = 's' in stream ? await api.shortEpg(stream.s, limit) : [];
            const upcoming = short.filter((p) => Date.parse(p.stop) > fromMs);
            return { channel: view, programmes: upcoming, source: upcoming.length > 0 ? 'xtream-short-epg' : 'none' };
          } catch (error) {
            deps.log(`Short EPG of ${providerId}/${channelId} failed`, error);
            return { channel: view, programmes: [], source: 'none' };
          }
        },
        'iptv.setFavourite': ({ providerId, channelId, favourite }, ctx) => {
          const caller = callerOf(ctx);
          const record = d.visible(caller, providerId);
          if (!d.reader.channel(d.scopeOf(record), caller.userId, channelId)) {
            throw new RpcError('NOT_FOUND', `No channel "${channelId.slice(0, 64)}" in “${record.name}”.`);
          }
          d.marks.setFavourite(caller.userId, providerId, channelId, favourite);
          return { channelId, favourite };
        },
        'iptv.startPreview': ({ providerId, channelId }, ctx) => d.previews.start(callerOf(ctx), { providerId, channelId }),
        'iptv.stopPreview': async ({ previewId }, ctx) => {
          await d.previews.stop(callerOf(ctx), previewId);
          return { previewId };
        },
        'iptv.logoBase': () => ({ url: d.logoBase() }),
        'iptv.setCategoryHidden': ({ providerId, categoryId, hidden }, ctx) => {
          const caller = callerOf(ctx);
          d.visible(caller, providerId);
          d.marks.setCategoryHidden(caller.userId, providerId, categoryId, hidden);
          return { categoryId, hidden };
        },
      };
      return {
        handlers,
        // Tuner slots and channel resolution, for the lives runtime and previews.
        exports: d.port,
        async start() {
          d.boot();
          // Channel previews and logos on the engine's loopback preview listener.
          await d.startPreviews();
        },
        async close() {
          await d.previews.close();
          await d.scheduler.close();
        },
      };
    },
  };
}
