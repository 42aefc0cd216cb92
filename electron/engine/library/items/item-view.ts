import type { LibraryItem, MediaInfo } from '@shared/contract/library';
import { LIBRARY_LIMITS } from '@shared/contract/library';
import type { HttpService } from '../../http/http-service';
import { thumbFileName } from '../thumbs/thumbnails';
import type { ItemRecord } from './item-store';

/** The preview listener's path of an item's media: `/library/<itemId>/media`. */
export const MEDIA_FILE = 'media';

/** What a browser's `<video>` plays without help: H.264 (8-bit 4:2:0) with AAC or MP3, in MP4/MOV. */
export function playableInBrowser(media: MediaInfo | null): boolean {
  if (!media?.video) return false;
  const mp4 = media.container.split(',').some((name) => name === 'mp4' || name === 'mov');
  const video = media.video.codec === 'h264' && (media.video.pixelFormat === null || /^yuvj?420p$/.test(media.video.pixelFormat));
  const audio = media.audio.every((a) => a.codec === 'aac' || a.codec === 'mp3');
  return mp4 && video && audio;
}

/** An item as the contract shows it, with the loopback URLs of its images and media. */
export function toItemView(item: ItemRecord, http: HttpService): LibraryItem {
  const url = (file: string): string | null => http.url('preview', ['library', item.id, file]);
  const thumbs = item.thumbs;
  return {
    id: item.id,
    ownerId: item.ownerId,
    name: item.name,
    path: item.path,
    storage: item.storage,
    sizeBytes: item.sizeBytes,
    fileModifiedAt: new Date(item.fileMtimeMs).toISOString(),
    addedAt: new Date(item.addedAt).toISOString(),
    status: item.status,
    notes: [...item.notes],
    media: item.media,
    verdict: item.verdict,
    posterUrl: thumbs?.poster ? url(thumbFileName('poster', thumbs.version)) : null,
    stripUrl: thumbs?.strip ? url(thumbFileName('strip', thumbs.version)) : null,
    stripFrames: LIBRARY_LIMITS.stripFrames,
    previewUrl: item.status === 'ready' && playableInBrowser(item.media) ? url(MEDIA_FILE) : null,
    originalId: item.originalId,
    rendition: item.rendition,
  };
}
