import { APP_ORIGINS } from '../http/cors';
import type { HttpService } from '../http/http-service';
import { MEDIA_TYPES, sendFile } from '../http/static-file';
import { HLS_PLAYLIST, hlsRoot, isSafeName } from './hls-paths';

const PREVIEW_PATH = 'hls';

/**
 * The in-app preview of a live's local HLS output: `GET /hls/<liveId>/<file>` on the preview
 * listener, from dataDir/hls. Only media files with safe names; the playlist is never cached
 * (it changes every segment), segments briefly (they never change once listed).
 */
export function serveHlsPreview(http: HttpService, dataDir: string): () => void {
  const root = hlsRoot(dataDir);
  return http.route({
    listener: 'preview',
    method: 'GET',
    pattern: `/${PREVIEW_PATH}/:liveId/:file`,
    // The app's own renderer (Electron window, web host) plays it with hls.js.
    cors: APP_ORIGINS,
    handler: ({ params, req }, res) => {
      const { liveId = '', file = '' } = params;
      const ok = isSafeName(liveId) && isSafeName(file);
      return sendFile(req, res, root, ok ? [liveId, file] : [], {
        types: MEDIA_TYPES,
        cacheControl: file.endsWith('.m3u8') ? 'no-cache, no-store' : 'public, max-age=60',
      });
    },
  });
}

/** Where the preview of a live plays, or null when the preview listener is not running. */
export function hlsPreviewUrl(http: HttpService, liveId: string): string | null {
  return http.url('preview', [PREVIEW_PATH, liveId, HLS_PLAYLIST]);
}
