import {
  isPushKind,
  type DestinationInput,
  type DestinationKind,
  type EncodingPreset,
  type IfSourceUnreachable,
  type Live,
  type LiveFieldsInput,
  type Source,
} from '@shared/contract/lives';
import { wallClockAt, wallClockToUtc } from '@shared/schedule/time-zone';

/**
 * What the create/edit dialog holds while the streamer types: strings, as the inputs give them.
 * `liveFieldsFromDraft` turns it into the contract's LiveFields; the engine validates the rest and
 * its INVALID_PARAMS issues come back on the same paths.
 */
/** `iptvChannel` is kept as saved: channels are picked in the IPTV catalog, not typed here. */
export type SourceKind = 'testPattern' | 'file' | 'playlist' | 'url' | 'iptvChannel';
export type UrlFormat = 'hls' | 'http-ts' | 'rtmp' | 'srt';
export type EncodingChoice = 'auto' | EncodingPreset;

export interface DestinationDraft {
  /** Stable React key for a row, also for rows not saved yet. */
  readonly key: string;
  /** Set for a saved destination: sending it back keeps its stored key. */
  readonly id?: string;
  name: string;
  kind: DestinationKind;
  url: string;
  /** A new key typed by the streamer; empty keeps the stored one. Never prefilled. */
  streamKey: string;
  /** The public output a `public-output` row feeds (empty until chosen). */
  outputId: string;
  /** The stored key as the API shows it (`••••wxyz`), or null when none is stored. */
  readonly keyMasked: string | null;
  enabled: boolean;
}

export interface LiveDraft {
  title: string;
  source: {
    kind: SourceKind;
    path: string;
    paths: string;
    url: string;
    format: UrlFormat;
    iptv?: Extract<Source, { kind: 'iptvChannel' }>;
    /** A URL source's `ifUnreachable`; absent means the contract's default (give up after 5 minutes). */
    ifUnreachable?: IfSourceUnreachable;
    /** A file's or playlist's audio track by language (`fra`); empty: the first track. */
    audioLanguage: string;
    /** A file's subtitle track burnt into the picture, by language; empty: none. */
    burnInLanguage: string;
    /** A playlist plays in a new random order at every start. */
    shuffle: boolean;
  };
  destinations: DestinationDraft[];
  encoding: EncodingChoice;
  loop: { kind: 'once' | 'times' | 'forever'; count: string };
  /** `at` is a wall-clock time (`2026-03-29T18:00`) in `timeZone`, as a datetime-local input gives it. */
  start: { kind: 'manual' | 'once' | 'recurring'; at: string; cron: string; timeZone: string };
  end: { kind: 'none' | 'afterDuration' | 'at' | 'afterLoops'; minutes: string; at: string; count: string };
}

export const DEFAULT_DESTINATION_NAMES: Readonly<Record<DestinationKind, string>> = {
  'youtube-primary': 'YouTube',
  'youtube-backup': 'YouTube (backup)',
  twitch: 'Twitch',
  facebook: 'Facebook',
  'custom-rtmp': 'RTMP server',
  'hls-local': 'Preview',
  'public-output': 'Public output',
};

let keys = 0;
export function newDestination(kind: DestinationKind, name = DEFAULT_DESTINATION_NAMES[kind]): DestinationDraft {
  keys += 1;
  return { key: `new-${keys}`, name, kind, url: '', outputId: '', streamKey: '', keyMasked: null, enabled: true };
}

/** The browser's IANA zone: where "once at 20:00" is meant. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `previewName`: the local preview's name in the streamer's language. */
export function emptyDraft(timeZone: string, previewName = DEFAULT_DESTINATION_NAMES['hls-local']): LiveDraft {
  return {
    title: '',
    source: {
      kind: 'testPattern',
      path: '',
      paths: '',
      url: '',
      format: 'hls',
      audioLanguage: '',
      burnInLanguage: '',
      shuffle: false,
    },
    destinations: [newDestination('hls-local', previewName)],
    encoding: 'auto',
    loop: { kind: 'once', count: '2' },
    start: { kind: 'manual', at: '', cron: '30 20 * * 1-5', timeZone },
    end: { kind: 'none', minutes: '60', at: '', count: '1' },
  };
}

/** The built-in demo: a test pattern to the local HLS preview. Needs no file and no account. */
export function demoDraft(timeZone: string, title: string, previewName?: string): LiveDraft {
  return { ...emptyDraft(timeZone, previewName), title };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant shown as `YYYY-MM-DDTHH:mm` in `timeZone` (the datetime-local format). */
export function toWallClockInput(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const w = wallClockAt(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** `YYYY-MM-DDTHH:mm` in `timeZone` → ISO UTC, or '' when it is not a date (the engine says so). */
export function fromWallClockInput(value: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return '';
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  try {
    const { utcMs } = wallClockToUtc({ year, month, day, hour, minute }, timeZone);
    return new Date(utcMs).toISOString().replace('.000Z', 'Z');
  } catch {
    return '';
  }
}

/** Only files and playlists loop; a test pattern or a URL plays until it ends or is stopped. */
export function sourceLoops(kind: SourceKind): boolean {
  return kind === 'file' || kind === 'playlist';
}

/** Numbers as typed; an empty or broken field becomes NaN and the engine names the field. */
const count = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** A destination row as the engine takes it (an empty key field keeps the stored key). */
export function destinationInput(d: DestinationDraft): DestinationInput {
  const input: DestinationInput = { name: d.name, kind: d.kind, enabled: d.enabled };
  if (d.id !== undefined) input.id = d.id;
  if (d.kind === 'custom-rtmp') input.url = d.url.trim();
  if (d.kind === 'public-output') input.outputId = d.outputId;
  if (isPushKind(d.kind) && d.streamKey.trim() !== '') input.streamKey = d.streamKey.trim();
  return input;
}

export function liveFieldsFromDraft(draft: LiveDraft): LiveFieldsInput {
  const { source, loop, start, end } = draft;
  return {
    title: draft.title,
    source:
      source.kind === 'file'
        ? {
            kind: 'file',
            path: source.path.trim(),
            ...audioLanguageOf(source.audioLanguage),
            ...(source.burnInLanguage.trim() ? { burnInSubtitles: { language: source.burnInLanguage.trim() } } : {}),
          }
        : source.kind === 'playlist'
          ? {
              kind: 'playlist',
              paths: source.paths
                .split('\n')
                .map((p) => p.trim())
                .filter((p) => p !== ''),
              ...audioLanguageOf(source.audioLanguage),
              ...(source.shuffle ? { shuffle: true } : {}),
            }
          : source.kind === 'url'
            ? {
                kind: 'url',
                url: source.url.trim(),
                format: source.format,
                ...(source.ifUnreachable ? { ifUnreachable: source.ifUnreachable } : {}),
              }
            : source.kind === 'iptvChannel' && source.iptv
              ? source.iptv
              : { kind: 'testPattern' },
    destinations: draft.destinations.map(destinationInput),
    encoding: draft.encoding === 'auto' ? { mode: 'auto' } : { mode: 'preset', preset: draft.encoding },
    loop: !sourceLoops(source.kind)
      ? { kind: 'once' }
      : loop.kind === 'times'
        ? { kind: 'times', count: count(loop.count) }
        : { kind: loop.kind },
    start:
      start.kind === 'once'
        ? { kind: 'once', at: fromWallClockInput(start.at, start.timeZone), timeZone: start.timeZone }
        : start.kind === 'recurring'
          ? { kind: 'recurring', cron: start.cron.trim(), timeZone: start.timeZone }
          : { kind: 'manual' },
    end:
      end.kind === 'afterDuration'
        ? { kind: 'afterDuration', seconds: Math.round(count(end.minutes) * 60) }
        : end.kind === 'at'
          ? { kind: 'at', at: fromWallClockInput(end.at, start.timeZone), timeZone: start.timeZone }
          : end.kind === 'afterLoops'
            ? { kind: 'afterLoops', count: count(end.count) }
            : { kind: 'none' },
  };
}

/** An empty language field sends nothing (the first track). */
function audioLanguageOf(value: string): { audioLanguage?: string } {
  const language = value.trim();
  return language ? { audioLanguage: language } : {};
}

/** A saved live back into the dialog. Keys stay in the engine: only their masks come back. */
export function draftFromLive(live: Live, fallbackZone: string): LiveDraft {
  const base = emptyDraft(fallbackZone);
  const zone = live.start.kind === 'manual' ? (live.end.kind === 'at' ? live.end.timeZone : fallbackZone) : live.start.timeZone;
  const s = live.source;
  return {
    title: live.title,
    source: {
      ...base.source,
      kind: s.kind,
      path: s.kind === 'file' ? s.path : '',
      paths: s.kind === 'playlist' ? s.paths.join('\n') : '',
      url: s.kind === 'url' ? s.url : '',
      format: s.kind === 'url' ? s.format : 'hls',
      ...(s.kind === 'iptvChannel' ? { iptv: s } : {}),
      ...(s.kind === 'url' && s.ifUnreachable ? { ifUnreachable: s.ifUnreachable } : {}),
      audioLanguage: (s.kind === 'file' || s.kind === 'playlist' ? s.audioLanguage : undefined) ?? '',
      burnInLanguage: (s.kind === 'file' ? s.burnInSubtitles?.language : undefined) ?? '',
      shuffle: s.kind === 'playlist' && s.shuffle === true,
    },
    destinations: live.destinations.map((d) => ({
      key: d.id,
      id: d.id,
      name: d.name,
      kind: d.kind,
      url: d.url ?? '',
      outputId: d.outputId ?? '',
      streamKey: '',
      keyMasked: d.streamKey.keyMasked,
      enabled: d.enabled,
    })),
    encoding: live.encoding.mode === 'auto' ? 'auto' : live.encoding.preset,
    loop: { kind: live.loop.kind, count: live.loop.kind === 'times' ? String(live.loop.count) : base.loop.count },
    start: {
      kind: live.start.kind,
      at: live.start.kind === 'once' ? toWallClockInput(live.start.at, zone) : '',
      cron: live.start.kind === 'recurring' ? live.start.cron : base.start.cron,
      timeZone: zone,
    },
    end: {
      kind: live.end.kind,
      minutes: live.end.kind === 'afterDuration' ? String(live.end.seconds / 60) : base.end.minutes,
      at: live.end.kind === 'at' ? toWallClockInput(live.end.at, zone) : '',
      count: live.end.kind === 'afterLoops' ? String(live.end.count) : base.end.count,
    },
  };
}
