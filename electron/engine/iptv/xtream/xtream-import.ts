import type { CatalogBuilder } from '../catalog/catalog-builder';
import { publicLogo } from '../catalog/channel-fields';
import type { WarningLog } from '../catalog/warnings';
import { IptvFailure } from '../iptv-failure';
import type { XtreamApi } from './xtream-api';

/** What the catalog keeps of an Xtream channel to play it: the id only; the URL is built at start. */
export interface XtreamStreamRef {
  readonly s: number;
}

/**
 * Categories (get_live_categories) then live streams (get_live_streams, streamed) into a new
 * catalog generation. Channel ids are the panel's stream ids, stable across refreshes.
 */
export async function importXtream(
  api: XtreamApi,
  builder: CatalogBuilder,
  warnings: WarningLog,
  options: { maxChannels: number; format: 'hls' | 'ts' },
): Promise<void> {
  for (const category of await api.categories()) builder.declareCategory({ key: `c${category.id}`, name: category.name });
  const seen = new Set<number>();
  let index = 0;
  for await (const batch of api.liveStreams()) {
    for (const raw of batch) {
      index++;
      const s = (raw ?? {}) as Record<string, unknown>;
      const streamId = Number(s.stream_id);
      const name = typeof s.name === 'string' ? s.name.trim() : '';
      if (!Number.isSafeInteger(streamId) || streamId < 0 || name === '') {
        warnings.add(index, 'live stream without a valid stream_id or name, skipped');
        continue;
      }
      if (seen.has(streamId)) {
        warnings.add(index, `stream_id ${streamId} listed twice, the second skipped`);
        continue;
      }
      seen.add(streamId);
      if (builder.channelCount >= options.maxChannels) {
        throw new IptvFailure(
          'too-large',
          `The panel lists more than ${options.maxChannels.toLocaleString('en')} live channels, the most one provider may hold.`,
        );
      }
      const categoryId = s.category_id === null || s.category_id === undefined ? '' : String(s.category_id);
      const categoryKey = categoryId === '' ? null : `c${categoryId}`;
      if (categoryKey) builder.declareCategory({ key: categoryKey, name: `Category ${categoryId}` });
      const epgId = typeof s.epg_channel_id === 'string' && s.epg_channel_id.trim() !== '' ? s.epg_channel_id.trim() : null;
      const archiveDays = Number(s.tv_archive_duration);
      const number = Number(s.num);
      const ref: XtreamStreamRef = { s: streamId };
      const flushed = builder.add({
        key: `x${streamId}`,
        name,
        categoryKey,
        number: Number.isSafeInteger(number) ? number : null,
        logo: publicLogo(typeof s.stream_icon === 'string' ? s.stream_icon : null),
        tvgId: epgId,
        epgKey: epgId?.toLowerCase() ?? null,
        format: options.format,
        catchupDays: Number(s.tv_archive) === 1 && archiveDays > 0 ? Math.trunc(archiveDays) : null,
        stream: ref,
      });
      if (flushed) await flushed;
    }
  }
  if (builder.channelCount === 0) throw new IptvFailure('empty', 'The panel lists no live channel for this account.');
}
