import path from 'node:path';
import { APP_ORIGINS } from '../../http/cors';
import type { HttpService } from '../../http/http-service';
import { sendText } from '../../http/responses';
import { sendFile } from '../../http/static-file';
import { MEDIA_FILE, playableInBrowser } from '../items/item-view';
import type { ItemStore } from '../items/item-store';
import { thumbsDirOf } from '../thumbs/thumbnails';
import type { Uploads } from './uploads';
import { sendMediaFile } from './media-file';
import { UPLOAD_PATH } from './uploads';

const THUMB = /^(poster|strip)-[0-9a-f]{16}\.jpg$/;
const ID = /^[A-Za-z0-9-]{1,64}$/;
const VIDEO_TYPES: Readonly<Record<string, string>> = { '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime' };

/**
 * The library's routes on the loopback preview listener (for the app's own pages, CORS limited
 * to its origins): thumbnails (`/library/<itemId>/poster-<version>.jpg`, cached for good since a
 * changed file gets a new version), the item's media for the player (range requests), and
 * uploads. Item ids are random UUIDs, which is what keeps one user's media from another on an
 * agent's listener (reached only through its owner's SSH tunnel).
 */
export function serveLibrary(http: HttpService, deps: { dataDir: string; items: ItemStore; uploads: Uploads }): () => void {
  const removeGet = http.route({
    listener: 'preview',
    method: 'GET',
    pattern: '/library/:itemId/:file',
    cors: APP_ORIGINS,
    handler: async ({ params, req }, res) => {
      const { itemId = '', file = '' } = params;
      if (!ID.test(itemId)) return sendText(res, 404, 'Not found');
      if (THUMB.test(file)) {
        return sendFile(req, res, thumbsDirOf(deps.dataDir, itemId), [file], {
          types: { '.jpg': 'image/jpeg' },
          cacheControl: 'public, max-age=31536000, immutable',
        });
      }
      const item = file === MEDIA_FILE ? deps.items.get(itemId) : undefined;
      if (!item || !playableInBrowser(item.media)) return sendText(res, 404, 'Not found');
      return sendMediaFile(req, res, item.path, VIDEO_TYPES[path.extname(item.path).toLowerCase()] ?? 'video/mp4');
    },
  });
  const removePut = http.route({
    listener: 'preview',
    method: 'PUT',
    pattern: `/${UPLOAD_PATH.join('/')}/:token`,
    cors: APP_ORIGINS,
    handler: ({ params, req }, res) => deps.uploads.receive(params.token ?? '', req, res),
  });
  return () => {
    removeGet();
    removePut();
  };
}
