import type { Provider } from '@shared/contract/iptv';
import type { TunerUseRecord } from '../tuner/tuner-slots';
import type { ProviderRecord } from './provider-store';

/** What the engine knows of a provider besides its row: running refresh, next one, open streams. */
export interface ProviderRuntime {
  readonly refreshing: boolean;
  readonly nextRefreshAt: number | null;
  readonly tuners: readonly TunerUseRecord[];
}

/** M3U: the number set by hand. Xtream: the panel's max_connections from the last account check. */
export function connectionLimitOf(record: ProviderRecord): number | null {
  if (record.kind === 'm3u') return record.settings.maxConnections;
  const max = record.account?.maxConnections ?? null;
  return max !== null && max > 0 ? max : null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A provider as clients see it: masked sources, no credential, live status. */
export function providerView(record: ProviderRecord, runtime: ProviderRuntime): Provider {
  const { catalog, epg } = record.status;
  return {
    id: record.id,
    ownerId: record.ownerId,
    name: record.name,
    kind: record.kind,
    source: record.settings.source,
    username: record.settings.username,
    epg: [...record.settings.epg],
    userAgent: record.settings.userAgent,
    maxConnections: connectionLimitOf(record),
    refreshIntervalMinutes: record.settings.refreshIntervalMinutes,
    createdAt: new Date(record.createdAt).toISOString(),
    status: {
      catalog: {
        state: runtime.refreshing ? 'refreshing' : record.catalogGen > 0 ? 'ready' : 'empty',
        channelCount: catalog.channelCount,
        categoryCount: catalog.categoryCount,
        refreshedAt: iso(catalog.refreshedAt),
        nextRefreshAt: iso(runtime.nextRefreshAt),
        lastError: catalog.lastError,
        warnings: catalog.warnings,
      },
      epg: {
        state: runtime.refreshing ? 'refreshing' : record.epgGen > 0 ? 'ready' : 'none',
        programmeCount: epg.programmeCount,
        refreshedAt: iso(epg.refreshedAt),
        lastError: epg.lastError,
      },
      account: record.account,
      tuners: {
        limit: connectionLimitOf(record),
        inUse: runtime.tuners.map((u) => ({ purpose: u.purpose, label: u.label, since: new Date(u.since).toISOString() })),
      },
    },
  };
}
