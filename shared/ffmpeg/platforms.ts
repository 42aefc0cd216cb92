import { checkInputUrl } from './input-protocols';

/** The contract's push destination kinds (`DestinationKind` minus `hls-local`). */
export type PlatformPresetId = 'youtube-primary' | 'youtube-backup' | 'twitch' | 'facebook' | 'custom-rtmp';

export interface PlatformPreset {
  id: PlatformPresetId;
  label: string;
  /** Ingest URL the key is appended to; null for `custom-rtmp`, where the user gives it. */
  ingestUrl: string | null;
  /** Where the streamer finds the key, shown beside the key field. */
  keyHelp: string;
}

export const PLATFORM_PRESETS: readonly PlatformPreset[] = [
  {
    id: 'youtube-primary',
    label: 'YouTube (primary)',
    ingestUrl: 'rtmp://a.rtmp.youtube.com/live2',
    keyHelp: 'YouTube Studio → Go live → Stream key',
  },
  // YouTube's backup ingest carries the key AFTER its query string: …/live2?backup=1/<key>.
  {
    id: 'youtube-backup',
    label: 'YouTube (backup)',
    ingestUrl: 'rtmp://b.rtmp.youtube.com/live2?backup=1',
    keyHelp: 'YouTube Studio → Go live → Stream key (same key as primary)',
  },
  {
    id: 'twitch',
    label: 'Twitch',
    ingestUrl: 'rtmp://live.twitch.tv/app',
    keyHelp: 'Twitch Creator Dashboard → Settings → Stream → Primary Stream key',
  },
  {
    id: 'facebook',
    label: 'Facebook Live',
    ingestUrl: 'rtmps://live-api-s.facebook.com:443/rtmp/',
    keyHelp: 'Facebook Live Producer → Streaming software → Stream key',
  },
  {
    id: 'custom-rtmp',
    label: 'Custom RTMP/RTMPS',
    ingestUrl: null,
    keyHelp: 'The server URL and stream key given by your platform',
  },
];

export class DestinationUrlError extends Error {
  override readonly name = 'DestinationUrlError';
}

export function platformPreset(id: PlatformPresetId): PlatformPreset {
  const preset = PLATFORM_PRESETS.find((candidate) => candidate.id === id);
  if (!preset) throw new DestinationUrlError(`Unknown platform preset "${String(id)}".`);
  return preset;
}

/**
 * Full push URL for a destination: the preset's ingest URL (or the custom one) + `/` + key.
 * The key may be empty for a custom URL that already holds it. Errors never echo the key.
 */
export function destinationUrl(id: PlatformPresetId, streamKey: string, customUrl?: string): string {
  const base = id === 'custom-rtmp' ? customUrl?.trim() : platformPreset(id).ingestUrl;
  if (!base) throw new DestinationUrlError('A custom destination needs a server URL (rtmp:// or rtmps://).');
  // The same URL rules as the contract (input-protocols.ts): scheme, host, no control character, never listening.
  const check = checkInputUrl(base, ['rtmp', 'rtmps']);
  if (!check.ok) {
    const reason = check.problem === 'scheme' ? '' : ` ${check.reason}`;
    throw new DestinationUrlError(`The server URL must start with rtmp:// or rtmps:// followed by a host.${reason}`);
  }
  const key = streamKey.trim();
  if (/[\s]/.test(key)) throw new DestinationUrlError('The stream key contains spaces; paste it again without them.');
  if (key === '') {
    if (id !== 'custom-rtmp') throw new DestinationUrlError('This destination needs a stream key.');
    return base;
  }
  return `${base.replace(/\/+$/, '')}/${key.replace(/^\/+/, '')}`;
}
