import type { ServerResponse } from 'node:http';
import type { HttpRequest, HttpService } from '../http/http-service';
import { sendText } from '../http/responses';
import { refuseForPlayer, sendBody } from './answers';
import { buildM3u, buildXmltv, channelIdOf, type ListedChannel } from './channel-list';
import { guideProgrammes } from './guide';
import { PLAYER_CORS } from './media-routes';
import type { OutputsDomain } from './outputs-domain';
import type { OutputRecord } from './output-store';

/**
 * `/playlist.m3u` and `/guide.xml`: the outputs as TV channels for Jellyfin (an M3U tuner plus an
 * XMLTV guide), Kodi and VLC. Without a token: the open outputs. With a link's token: its output
 * too, its playlist address carrying that token.
 */
export function serveChannelLists(http: HttpService, domain: OutputsDomain): Array<() => void> {
  const list = (kind: 'm3u' | 'xmltv') => (request: HttpRequest, res: ServerResponse) => {
    const admitted = domain.gate.admitList(request.query.get('t'), request.client.ip);
    if (!admitted.ok) return refuseForPlayer(res, admitted.refusal, admitted.retryAfterSec);
    const base = domain.deps.http.baseUrl('public');
    if (base === null) return sendText(res, 503, 'The public listener is restarting.');
    const outputs = domain.store.list().filter((o) => o.access === 'open' || o.id === admitted.outputId);
    const suffix = admitted.token ? `?t=${encodeURIComponent(admitted.token)}` : '';
    const channels = outputs.map((o) => channelOf(o, base, o.id === admitted.outputId ? suffix : ''));
    if (kind === 'm3u') {
      return sendBody(request.req, res, buildM3u(channels, `${base}/guide.xml${suffix}`), {
        type: 'audio/x-mpegurl; charset=utf-8',
        cache: 'no-cache',
      });
    }
    sendBody(request.req, res, buildXmltv(channels, guideProgrammes(domain, outputs, domain.deps.now())), {
      type: 'application/xml; charset=utf-8',
      cache: 'no-cache',
    });
  };
  return [
    http.route({ listener: 'public', method: 'GET', pattern: '/playlist.m3u', cors: PLAYER_CORS, handler: list('m3u') }),
    http.route({ listener: 'public', method: 'GET', pattern: '/guide.xml', cors: PLAYER_CORS, handler: list('xmltv') }),
  ];
}

function channelOf(output: OutputRecord, base: string, suffix: string): ListedChannel {
  const slug = encodeURIComponent(output.slug);
  return {
    id: channelIdOf(output.slug),
    name: output.title,
    group: output.group,
    logo: output.logoUrl ?? `${base}/o/${slug}/logo.png`,
    url: `${base}/o/${slug}/live.m3u8${suffix}`,
  };
}
