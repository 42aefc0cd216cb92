import { engineMessage } from '@shared/messages/engine-message';
import { RpcError } from '@shared/contract/errors';
import type { Live } from '@shared/contract/lives';
import type { IptvPort, OpenedChannel } from '../../iptv/ports';

/** What the runtime needs of the IPTV domain: open a channel, holding one of its provider's tuner slots. */
export type IptvSourcePort = Pick<IptvPort, 'openChannel'>;

/**
 * Open a live's IPTV channel for a run: the address is resolved now (a provider's URL change never
 * breaks the live) and a tuner slot is taken in the live's name. Refused with the IPTV domain's
 * own sentence (CONFLICT naming what holds every slot, NOT_FOUND for a channel that left the
 * list). The channel is opened as the live's owner: only their providers are theirs to use.
 */
export async function openIptvSource(iptv: IptvSourcePort | undefined, live: Live): Promise<OpenedChannel> {
  const source = live.source;
  if (source.kind !== 'iptvChannel') throw new Error('openIptvSource: not an IPTV channel source');
  if (!iptv) throw RpcError.of('UNAVAILABLE', engineMessage('lives.noIptvCatalog'));
  return iptv.openChannel({
    providerId: source.providerId,
    channelId: source.channelId,
    caller: { userId: live.ownerId, isAdmin: false, isApproved: true },
    purpose: 'live',
    label: live.title,
  });
}
