import type { Caller } from '../context';
import type { TunerLease, TunerPurpose, TunerSlotsPort } from './tuner/tuner-slots';

/**
 * A channel resolved to what FFmpeg or a player opens. Engine-only: it holds the provider's
 * credentials in clear and must never be sent to a client, logged or stored.
 */
export interface ResolvedChannel {
  readonly url: string;
  /** Lower-case header name → value to send with the request (user-agent, referer, …). */
  readonly headers: Readonly<Record<string, string>>;
  readonly format: 'hls' | 'ts' | 'unknown';
  readonly providerName: string;
  readonly channelName: string;
  /** Values to mask in logs and errors about this stream. */
  readonly secrets: readonly string[];
}

export interface OpenedChannel extends ResolvedChannel {
  /** The provider connection this stream holds; release it when the stream stops. */
  readonly lease: TunerLease;
}

export interface ChannelRequest {
  readonly providerId: string;
  readonly channelId: string;
  /** On whose behalf: the provider must be theirs (an admin may use any). */
  readonly caller: Caller;
}

/**
 * What the IPTV domain offers the others (the lives runtime for `iptvChannel` sources, the
 * preview server): resolve a channel at start, so a provider's URL change never breaks a live,
 * and hold a tuner slot for as long as the stream runs.
 */
export interface IptvPort {
  readonly tuners: TunerSlotsPort;
  /** The channel's playable URL and headers now (Xtream: m3u8 when the account allows it, else ts). */
  resolveChannel(request: ChannelRequest): Promise<ResolvedChannel>;
  /**
   * Resolve the channel (NOT_FOUND when it left the list), take a tuner slot (CONFLICT naming
   * the holders when the provider is full), and record it as recently watched by the caller.
   */
  openChannel(request: ChannelRequest & { purpose: TunerPurpose; label: string }): Promise<OpenedChannel>;
}
