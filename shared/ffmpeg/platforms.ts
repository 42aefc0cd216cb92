import type { DestinationKind } from '../contract/live-fields';
import { checkInputUrl } from './input-protocols';

/** The contract's push destination kinds (`DestinationKind` minus `hls-local`), read from the schema. */
export type PlatformPresetId = Exclude<DestinationKind, 'hls-local'>;

/**
 * What an ingest takes as it is. A source beyond any of these is encoded (`auto`), since a
 * platform refusing it only shows as a connection that breaks ("Broken pipe") over and over.
 */
export interface IngestLimits {
  /** Frame size, orientation-free: the longer and the shorter side. */
  maxLongSide: number;
  maxShortSide: number;
  maxFps: number;
  /** H.264 level ×10, as ffprobe prints it (42 = level 4.2). */
  maxH264Level: number;
  /** Video bit rate, kbit/s. */
  maxVideoKbps: number;
}

/**
 * For an RTMP server we know nothing about: what every common ingest (nginx-rtmp, Wowza, Restream,
 * most CDNs) takes — 1080p60, level 4.2, 8 Mbit/s.
 */
export const CONSERVATIVE_LIMITS: IngestLimits = Object.freeze({
  maxLongSide: 1920,
  maxShortSide: 1080,
  maxFps: 60,
  maxH264Level: 42,
  maxVideoKbps: 8000,
});

export interface PlatformPreset {
  id: PlatformPresetId;
  label: string;
  /** Ingest URL the key is appended to; null for `custom-rtmp`, where the user gives it. */
  ingestUrl: string | null;
  /** Where the streamer finds the key, shown beside the key field. */
  keyHelp: string;
  /** What its RTMP ingest takes as it is (from the platform's published encoder settings). */
  limits: IngestLimits;
}

/** YouTube's RTMP ingest: up to 2160p60 H.264 (level 5.2), 51 Mbit/s. */
const YOUTUBE_LIMITS: IngestLimits = Object.freeze({
  maxLongSide: 3840,
  maxShortSide: 2160,
  maxFps: 60,
  maxH264Level: 52,
  maxVideoKbps: 51_000,
});

export const PLATFORM_PRESETS: readonly PlatformPreset[] = [
  {
    id: 'youtube-primary',
    label: 'YouTube (primary)',
    ingestUrl: 'rtmp://a.rtmp.youtube.com/live2',
    keyHelp: 'YouTube Studio → Go live → Stream key',
    limits: YOUTUBE_LIMITS,
  },
  // YouTube's backup ingest carries the key AFTER its query string: …/live2?backup=1/<key>.
  {
    id: 'youtube-backup',
    label: 'YouTube (backup)',
    ingestUrl: 'rtmp://b.rtmp.youtube.com/live2?backup=1',
    keyHelp: 'YouTube Studio → Go live → Stream key (same key as primary)',
    limits: YOUTUBE_LIMITS,
  },
  {
    id: 'twitch',
    label: 'Twitch',
    ingestUrl: 'rtmp://live.twitch.tv/app',
    keyHelp: 'Twitch Creator Dashboard → Settings → Stream → Primary Stream key',
    // 1080p60 at 6 Mbit/s: Twitch's broadcast guidelines.
    limits: { maxLongSide: 1920, maxShortSide: 1080, maxFps: 60, maxH264Level: 42, maxVideoKbps: 6000 },
  },
  {
    id: 'facebook',
    label: 'Facebook Live',
    ingestUrl: 'rtmps://live-api-s.facebook.com:443/rtmp/',
    keyHelp: 'Facebook Live Producer → Streaming software → Stream key',
    // 1080p60 at up to 9 Mbit/s: Facebook Live's encoder settings.
    limits: { maxLongSide: 1920, maxShortSide: 1080, maxFps: 60, maxH264Level: 42, maxVideoKbps: 9000 },
  },
  {
    id: 'custom-rtmp',
    label: 'Custom RTMP/RTMPS',
    ingestUrl: null,
    keyHelp: 'The server URL and stream key given by your platform',
    limits: CONSERVATIVE_LIMITS,
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
