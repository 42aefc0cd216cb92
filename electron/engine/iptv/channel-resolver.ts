import { RpcError } from '@shared/contract/errors';
import type { CatalogReader, CatalogScope } from './catalog/catalog-reader';
import { fillTemplate } from './catalog/url-template';
import { IptvFailure } from './iptv-failure';
import { VLC_USER_AGENT } from './net/http-get';
import type { ResolvedChannel } from './ports';
import type { ProviderSecrets } from './providers/provider-secrets';
import type { ProviderRecord } from './providers/provider-store';
import { playbackExtension } from './xtream/xtream-account';
import type { XtreamApi } from './xtream/xtream-api';

export interface ResolverDeps {
  readonly reader: CatalogReader;
  readonly secrets: ProviderSecrets;
  /** An API client for an Xtream provider's stored login. */
  readonly xtreamApi: (record: ProviderRecord) => Promise<XtreamApi>;
}

interface M3uStream {
  readonly u: string;
  readonly h?: Record<string, string>;
}

/**
 * Build a channel's URL from its stored template and the provider's secrets, at the moment it
 * is played. Xtream URLs are built from the login and the account's allowed formats.
 */
export async function resolveChannel(
  deps: ResolverDeps,
  record: ProviderRecord,
  scope: CatalogScope,
  channelId: string,
  userId: string,
): Promise<ResolvedChannel> {
  const channel = deps.reader.channel(scope, userId, channelId);
  if (!channel)
    throw new RpcError(
      'NOT_FOUND',
      `No channel "${channelId.slice(0, 64)}" in “${record.name}” (it may have left the provider's list).`,
    );
  const userAgent = record.settings.userAgent ?? VLC_USER_AGENT;
  try {
    if (record.kind === 'xtream') {
      const api = await deps.xtreamApi(record);
      const streamId = 's' in channel.stream ? channel.stream.s : Number.NaN;
      const extension = playbackExtension(record.account);
      return {
        url: api.streamUrl(streamId, extension),
        headers: { 'user-agent': userAgent },
        format: extension === 'm3u8' ? 'hls' : 'ts',
        providerName: record.name,
        channelName: channel.name,
        secrets: api.secrets,
      };
    }
    const stream = channel.stream as M3uStream;
    const values = await deps.secrets.urlSecrets(record.catalogSecretsRef);
    const headers: Record<string, string> = { 'user-agent': userAgent };
    for (const [name, value] of Object.entries(stream.h ?? {})) headers[name] = fillTemplate(value, values);
    return {
      url: fillTemplate(stream.u, values),
      headers,
      format: channel.format,
      providerName: record.name,
      channelName: channel.name,
      secrets: values,
    };
  } catch (error) {
    if (error instanceof IptvFailure) throw new RpcError('UNAVAILABLE', error.message);
    throw error;
  }
}
