/** The fields a streamer sets on a live: source, destinations, encoding, loop, start and end. */
import { sentenceOf } from '../messages/engine-message';
import { z } from 'zod';
import { refineRecurrence } from './recurrence-field';
import { isValidTimeZone } from '../schedule/time-zone';
import { hasControlCharacter } from '../format/control-characters';
import {
  checkInputUrl,
  isAbsoluteLocalPath,
  SCHEMES_BY_FORMAT,
  schemeList,
  type InputUrlScheme,
} from '../ffmpeg/input-protocols';

/** Limits a streamer can hit; the messages name them. */
export const LIVE_LIMITS = Object.freeze({
  titleMax: 200,
  destinationsMax: 10,
  destinationNameMax: 80,
  playlistMax: 500,
  pathMax: 4096,
  urlMax: 2048,
  streamKeyMax: 512,
  loopCountMax: 100_000,
  durationMaxSeconds: 31 * 24 * 3600,
});

export const LiveState = z.enum([
  'draft',
  'scheduled',
  'queued',
  'starting',
  'live',
  'reconnecting',
  'stopping',
  'ended',
  'failed',
  'interrupted',
]);
export type LiveState = z.infer<typeof LiveState>;

export const Id = z
  .string()
  .min(1, sentenceOf('fields.idRequired'))
  .max(64, sentenceOf('fields.idTooLong', { max: 64 }));
export const IsoUtc = z.iso.datetime({ message: sentenceOf('fields.isoDate') });
const TimeZone = z.string().refine(isValidTimeZone, { message: sentenceOf('fields.timeZone') });

const MediaPath = z
  .string()
  .min(1, sentenceOf('fields.pathRequired'))
  .max(LIVE_LIMITS.pathMax, sentenceOf('fields.pathTooLong', { max: LIVE_LIMITS.pathMax }))
  .refine(isAbsoluteLocalPath, { message: sentenceOf('fields.pathAbsolute') })
  .refine((p) => !hasControlCharacter(p), { message: sentenceOf('fields.pathControl') });

const SourceUrl = z.string().max(LIVE_LIMITS.urlMax, sentenceOf('fields.urlTooLong', { max: LIVE_LIMITS.urlMax }));

const CUSTOM_URL_NEEDED = sentenceOf('fields.customUrlNeeded');

/** A zod check for a URL against the one allow-list (shared/ffmpeg/input-protocols.ts); `wrongScheme` says what it takes. */
function refineStreamUrl(url: string, schemes: readonly InputUrlScheme[], wrongScheme: string, ctx: z.RefinementCtx): void {
  const check = checkInputUrl(url, schemes);
  if (check.ok) return;
  const message = check.problem === 'scheme' ? wrongScheme : check.reason;
  ctx.addIssue({ code: 'custom', path: ['url'], message });
}

/**
 * What a live does when its network source cannot be reached at start: give up after `seconds`
 * without ever connecting (the run fails with the reason), or keep trying until stopped.
 */
export const IfSourceUnreachable = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('failAfter'),
      seconds: z
        .number()
        .int(sentenceOf('fields.durationWhole'))
        .min(10, sentenceOf('fields.sourceAtLeast10s'))
        .max(LIVE_LIMITS.durationMaxSeconds, sentenceOf('fields.durationMax')),
    })
    .strict(),
  z.object({ kind: z.literal('keepTrying') }).strict(),
]);
export type IfSourceUnreachable = z.infer<typeof IfSourceUnreachable>;
/** For a source that does not say: give up after 5 minutes without ever connecting. */
export const DEFAULT_IF_SOURCE_UNREACHABLE: IfSourceUnreachable = Object.freeze({ kind: 'failAfter', seconds: 300 });

/** An ISO 639 language as ffprobe reads it from a track's tags (`eng`, `fra`); `und` picks an untagged track. */
export const LanguageCode = z.string().regex(/^[a-z]{2,3}$/, sentenceOf('fields.language'));

export const Source = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: MediaPath,
      /** Play the audio track in this language (the first one by default). */
      audioLanguage: LanguageCode.optional(),
      /** Burn this subtitle track into the picture (re-encodes the video); none by default. */
      burnInSubtitles: z.object({ language: LanguageCode }).strict().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('playlist'),
      paths: z
        .array(MediaPath)
        .min(1, sentenceOf('fields.playlistEmpty'))
        .max(LIVE_LIMITS.playlistMax, sentenceOf('fields.playlistTooLong', { max: LIVE_LIMITS.playlistMax })),
      /** Play the files in a new random order at every start. */
      shuffle: z.boolean().optional(),
      /** Every file's audio track in this language (each file must have it, at the same place). */
      audioLanguage: LanguageCode.optional(),
    })
    .strict(),
  /**
   * A channel of an IPTV provider (electron/engine/iptv). No URL: the engine resolves the channel
   * to its stream address (credentials and headers included) each time a run starts, so a
   * provider changing its addresses never breaks the live, and no credential is stored with it.
   */
  z
    .object({
      kind: z.literal('iptvChannel'),
      providerId: Id,
      channelId: Id,
      /** The channel's name when it was picked, to show the source without asking the catalog. */
      channelName: z
        .string()
        .trim()
        .max(LIVE_LIMITS.titleMax, sentenceOf('fields.channelNameTooLong', { max: LIVE_LIMITS.titleMax }))
        .optional(),
      ifUnreachable: IfSourceUnreachable.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('url'),
      url: SourceUrl,
      format: z.enum(['hls', 'http-ts', 'rtmp', 'srt']),
      ifUnreachable: IfSourceUnreachable.optional(),
    })
    .strict()
    .superRefine((source, ctx) =>
      refineStreamUrl(
        source.url,
        SCHEMES_BY_FORMAT[source.format],
        sentenceOf('fields.sourceUrlScheme', { format: source.format, schemes: schemeList(SCHEMES_BY_FORMAT[source.format]) }),
        ctx,
      ),
    ),
  z.object({ kind: z.literal('testPattern') }).strict(),
]);
export type Source = z.infer<typeof Source>;

export const DestinationKind = z.enum([
  'youtube-primary',
  'youtube-backup',
  'twitch',
  'facebook',
  'custom-rtmp',
  'hls-local',
  'public-output',
]);
export type DestinationKind = z.infer<typeof DestinationKind>;

/** Kinds that write HLS on this engine: the in-app preview, and a public output's feed (shared/contract/outputs.ts). */
type HlsKind = 'hls-local' | 'public-output';
const HLS_KINDS: readonly DestinationKind[] = ['hls-local', 'public-output'] satisfies HlsKind[];

/** Kinds that push RTMP/RTMPS to a platform and so need a stream key (all but the HLS writers). */
export function isPushKind(kind: DestinationKind): kind is Exclude<DestinationKind, HlsKind> {
  return !HLS_KINDS.includes(kind);
}

/**
 * A destination as a client sends it. `streamKey` is plain text on input only: the engine moves it
 * into the SecretStore and never returns it. Omit it on update to keep the stored key.
 */
export const DestinationInput = z
  .object({
    /** Set to keep an existing destination (and its key) when updating a live. */
    id: Id.optional(),
    name: z
      .string()
      .trim()
      .min(1, sentenceOf('fields.destinationName'))
      .max(LIVE_LIMITS.destinationNameMax, sentenceOf('fields.destinationNameTooLong', { max: LIVE_LIMITS.destinationNameMax })),
    enabled: z.boolean().default(true),
    kind: DestinationKind,
    url: z
      .string()
      .max(LIVE_LIMITS.urlMax, sentenceOf('fields.urlTooLong', { max: LIVE_LIMITS.urlMax }))
      .optional(),
    /** The public output a `public-output` destination feeds (outputs.list). */
    outputId: Id.optional(),
    streamKey: z
      .string()
      .trim()
      .min(1, sentenceOf('fields.streamKeyEmpty'))
      .max(LIVE_LIMITS.streamKeyMax, sentenceOf('fields.streamKeyTooLong', { max: LIVE_LIMITS.streamKeyMax }))
      .refine((k) => !/[\s/?#&]/.test(k), { message: sentenceOf('fields.streamKeyCharacters') })
      .optional(),
  })
  .strict()
  .superRefine((dest, ctx) => {
    if (dest.kind === 'custom-rtmp') {
      // The same URL rules as a source: scheme as FFmpeg reads it, a host, no control character, never listening.
      if (dest.url === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: CUSTOM_URL_NEEDED,
        });
      } else {
        refineStreamUrl(dest.url, ['rtmp', 'rtmps'], CUSTOM_URL_NEEDED, ctx);
      }
    } else if (dest.url !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: sentenceOf('fields.platformUrl', { kind: dest.kind }),
      });
    }
    if (dest.kind === 'hls-local' && dest.streamKey !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['streamKey'], message: sentenceOf('fields.hlsNoKey') });
    }
    if (dest.kind === 'public-output') {
      if (dest.outputId === undefined)
        ctx.addIssue({ code: 'custom', path: ['outputId'], message: sentenceOf('fields.chooseOutput') });
      if (dest.streamKey !== undefined)
        ctx.addIssue({ code: 'custom', path: ['streamKey'], message: sentenceOf('fields.outputNoKey') });
    } else if (dest.outputId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['outputId'], message: sentenceOf('fields.outputOnlyForPublic') });
    }
  });
export type DestinationInput = z.input<typeof DestinationInput>;
export type DestinationFields = z.output<typeof DestinationInput>;

/** How a stored key is shown: a reference and a mask, never the key. */
export const StreamKeyView = z
  .object({
    keyRef: z.string().startsWith('secret:'),
    keyMasked: z.string(),
    keySet: z.literal(true),
  })
  .or(z.object({ keyRef: z.null(), keyMasked: z.null(), keySet: z.literal(false) }));
export type StreamKeyView = z.infer<typeof StreamKeyView>;

export const Destination = z.object({
  id: Id,
  name: z.string(),
  enabled: z.boolean(),
  kind: DestinationKind,
  url: z.string().optional(),
  outputId: Id.optional(),
  streamKey: StreamKeyView,
});
export type Destination = z.infer<typeof Destination>;

export const EncodingPreset = z.enum(['economical', '480p', '720p', '1080p']);
export type EncodingPreset = z.infer<typeof EncodingPreset>;
export const Encoding = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('auto') }).strict(),
  z.object({ mode: z.literal('preset'), preset: EncodingPreset }).strict(),
]);
export type Encoding = z.infer<typeof Encoding>;

const Count = z
  .number()
  .int(sentenceOf('fields.countWhole'))
  .min(1, sentenceOf('fields.countMin'))
  .max(LIVE_LIMITS.loopCountMax, sentenceOf('fields.countMax', { max: LIVE_LIMITS.loopCountMax }));

export const LoopPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }).strict(),
  z.object({ kind: z.literal('times'), count: Count }).strict(),
  z.object({ kind: z.literal('forever') }).strict(),
]);
export type LoopPolicy = z.infer<typeof LoopPolicy>;

export const StartPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }).strict(),
  z.object({ kind: z.literal('once'), at: IsoUtc, timeZone: TimeZone }).strict(),
  z
    .object({ kind: z.literal('recurring'), cron: z.string(), timeZone: z.string() })
    .strict()
    .superRefine(refineRecurrence),
]);
export type StartPolicy = z.infer<typeof StartPolicy>;

export const EndPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('afterDuration'),
      seconds: z
        .number()
        .int(sentenceOf('fields.durationWhole'))
        .min(1, sentenceOf('fields.durationMin'))
        .max(LIVE_LIMITS.durationMaxSeconds, sentenceOf('fields.durationMax')),
    })
    .strict(),
  z.object({ kind: z.literal('at'), at: IsoUtc, timeZone: TimeZone }).strict(),
  z.object({ kind: z.literal('afterLoops'), count: Count }).strict(),
]);
export type EndPolicy = z.infer<typeof EndPolicy>;
