import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import { isPushKind, type Destination, type Live, type Source } from '@shared/contract/lives';
import { planEncoding, type RestreamPlan } from '@shared/ffmpeg/encoding';
import { buildHlsOutputArgs, buildRtmpOutputArgs, hlsMuxerArgs, rtmpMuxerArgs } from '@shared/ffmpeg/output-args';
import type { DestinationLimits } from '@shared/ffmpeg/ingest-limits';
import { destinationUrl, platformPreset } from '@shared/ffmpeg/platforms';
import { comparePlaylist } from '@shared/ffmpeg/playlist-format';
import type { ProbeResult } from '@shared/ffmpeg/probe-result';
import { buildConcatList, testPatternProbe, type SourceSpec } from '@shared/ffmpeg/source-args';
import { buildDirectStageArgs, buildResumedPlaysList, buildSourceStageArgs, type ResumePoint } from '@shared/ffmpeg/stage-args';
import { revealUrlCredentials, urlSecretValues } from '@shared/format/url-credentials';
import type { FfmpegTools } from '../../ffmpeg/ffmpeg-tools';
import { hlsDirOf, outputFeedDir } from '../../hls/hls-paths';
import { NO_URL_PASSWORDS, type UrlPasswordSet } from '../url-passwords';
import type { DirectSpec, PipelineOutput, PipelineSpec } from './pipeline-spec';
import type { PlaylistFile } from '@shared/lives/playlist-position';
import { probePlaylist, sharedTimeBaseCopies, writePlaylistList } from './playlist-inputs';
import { chooseTracks, displayNames, inPlayingOrder, wantsTracks } from './track-choice';
import { engineMessage } from '@shared/messages/engine-message';

export interface RunInputsContext {
  /** For the FFmpeg processes this run spawns (supervised, see runner.ts). */
  readonly ffmpegPath: string;
  /** Probes go through the engine's tools service. */
  readonly ffmpeg: Pick<FfmpegTools, 'probe'>;
  readonly dataDir: string;
  readonly readKey: (keyRef: string) => Promise<string | null>;
  readonly probeTimeoutMs: number;
  /** Aborted when the live is stopped while it is still being prepared: kills any ffprobe in flight. */
  readonly signal?: AbortSignal;
  /** The passwords behind the live's masked URLs (`user:••••@`), read only now. None when omitted. */
  readonly readUrlPasswords?: () => Promise<UrlPasswordSet>;
  /** Why this live may not feed a public output (gone, someone else's), or null. None may when omitted. */
  readonly outputRefusal?: (outputId: string) => string | null;
  /** An `iptvChannel` source as the IPTV domain resolved it for this run (engine-only: credentials in clear). */
  readonly iptvChannel?: IptvStream;
}

/** What a run reads for an IPTV channel: its address now, the headers to send, and what to mask. */
export interface IptvStream {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

/**
 * A public output's feed: 1-second segments (cut at the source's keyframes), which the outputs
 * domain moves into the output's own timeline as they appear, so FFmpeg must not delete them.
 */
const OUTPUT_FEED_SEGMENT_SEC = 1;

export interface RunInputs {
  readonly spec: PipelineSpec;
  readonly plan: RestreamPlan;
  /** A playlist's files in this run's play order, named and timed for its position (see PlaylistClock). */
  readonly playlistFiles?: PlaylistFile[];
}

/**
 * Everything a run needs to start its FFmpeg processes: the source as the builders know it, a
 * probe for `auto` (so a compatible source is copied, not re-encoded), the push URLs with their
 * keys (read from the secret store only now) and the HLS folder. Throws an RpcError with a
 * sentence a streamer understands when the source cannot be used.
 */
export async function prepareRunInputs(saved: Live, ctx: RunInputsContext): Promise<RunInputs> {
  const live = inPlayingOrder(saved);
  const passwords = (await ctx.readUrlPasswords?.()) ?? NO_URL_PASSWORDS;
  let source = withUrlPassword(toSourceSpec(live, ctx.dataDir, ctx.iptvChannel), passwords.source);
  const { probe, playlist } = await probeFor(source, live, ctx);
  const tracks = chooseTracks(live.source, playlist ?? (probe ? [probe] : []), displayNames(sourceFiles(live.source)));
  if (source.kind === 'file' || source.kind === 'playlist') source = { ...source, audioTrack: tracks.audioTrack };
  if (source.kind === 'file') source = { ...source, burnIn: tracks.burnIn };
  // Files that do not share one time base would be mis-timed by the concat demuxer: play copies that do.
  let playlistPaths = live.source.kind === 'playlist' ? live.source.paths : [];
  if (source.kind === 'playlist' && playlist && comparePlaylist(playlist).timeBasesDiffer) {
    playlistPaths = await sharedTimeBaseCopies(playlistPaths, ctx);
    source = { ...source, listPath: writePlaylistList(ctx.dataDir, live.id, playlistPaths) };
  }
  const plan = planEncoding(live.encoding, probe, {
    destinations: destinationLimits(live),
    playlist,
    ...(tracks.burnInLanguage ? { burnInSubtitles: tracks.burnInLanguage } : {}),
  });
  const secrets: string[] = [
    ...(passwords.source === null ? [] : urlSecretValues(passwords.source)),
    ...[...passwords.destinations.values()].flatMap(urlSecretValues),
    ...(ctx.iptvChannel?.secrets ?? []),
  ];
  const outputs: PipelineOutput[] = [];
  /** Each output's muxer alone, for the direct (single-output) stage. */
  const tails: string[][] = [];
  const pushUrls: string[] = [];
  for (const destination of live.destinations) {
    if (!destination.enabled) continue;
    const made = await outputOf(destination, live, ctx, passwords);
    outputs.push(made.output);
    tails.push(made.tail);
    if (made.secret !== undefined) secrets.push(made.secret);
    if (made.pushUrl !== undefined) pushUrls.push(made.pushUrl);
  }
  const names = displayNames(sourceFiles(live.source));
  return {
    plan,
    ...(playlist ? { playlistFiles: playlist.map((p, i) => ({ name: names[i] ?? '', durationSec: p.durationSec ?? 0 })) } : {}),
    spec: {
      ffmpegPath: ctx.ffmpegPath,
      sourceArgs: batchedPipeOutput(buildSourceStageArgs(source, plan)),
      outputs,
      secrets,
      label: `live ${live.id}`,
      direct: await directSpec(source, plan, outputs, tails, pushUrls[0], probe, { playlistPaths, playlist }, live, ctx),
    },
  };
}

/**
 * One enabled destination as a pipeline output: an HLS writer (the preview, a public output's feed), or an RTMP push with its key
 * (read from the secret store only now) and any URL password put back. Also used when a
 * destination is turned on or added while the live is on air.
 */
export async function outputOf(
  destination: Destination,
  live: Pick<Live, 'id'>,
  ctx: Pick<RunInputsContext, 'dataDir' | 'readKey' | 'outputRefusal'>,
  passwords: UrlPasswordSet,
): Promise<{ output: PipelineOutput; tail: string[]; secret?: string; pushUrl?: string }> {
  if (destination.kind === 'public-output') {
    const outputId = destination.outputId ?? '';
    const refusal = ctx.outputRefusal ? ctx.outputRefusal(outputId) : 'This engine has no public outputs.';
    if (refusal !== null) throw new RpcError('INVALID_STATE', `${destination.name}: ${refusal}`);
    const dir = outputFeedDir(ctx.dataDir, outputId, live.id);
    const hls = { dir, liveId: live.id, segmentSec: OUTPUT_FEED_SEGMENT_SEC, keepSegments: true };
    return {
      output: { id: destination.id, label: destination.name, kind: 'hls', dir, args: buildHlsOutputArgs(hls) },
      tail: hlsMuxerArgs(hls),
    };
  }
  if (destination.kind === 'hls-local') {
    const dir = hlsDirOf(ctx.dataDir, live.id);
    return {
      output: {
        id: destination.id,
        label: destination.name,
        kind: 'hls',
        dir,
        args: buildHlsOutputArgs({ dir, liveId: live.id }),
      },
      tail: hlsMuxerArgs({ dir, liveId: live.id }),
    };
  }
  const keyRef = destination.streamKey.keyRef;
  const key = keyRef ? await ctx.readKey(keyRef) : null;
  if (key === null) throw RpcError.of('INVALID_STATE', engineMessage('lives.keyMissingFromStore', { name: destination.name }));
  const password = passwords.destinations.get(destination.id);
  const server =
    destination.url !== undefined && password !== undefined ? revealUrlCredentials(destination.url, password) : destination.url;
  const url = destinationUrl(destination.kind, key, server);
  return {
    output: { id: destination.id, label: destination.name, kind: 'push', args: buildRtmpOutputArgs(url) },
    tail: rtmpMuxerArgs(url),
    secret: key,
    pushUrl: url,
  };
}

/** Only for a live with exactly one output: how to run it as one FFmpeg. */
async function directSpec(
  source: SourceSpec,
  plan: RestreamPlan,
  outputs: readonly PipelineOutput[],
  tails: readonly string[][],
  pushUrl: string | undefined,
  probe: ProbeResult | null,
  files: { playlistPaths: readonly string[]; playlist: readonly ProbeResult[] | undefined },
  live: Live,
  ctx: RunInputsContext,
): Promise<DirectSpec | undefined> {
  const [output] = outputs;
  const [tail] = tails;
  if (outputs.length !== 1 || !output || !tail) return undefined;
  // Where a (re)start reads from: the same answer for the direct stage and, after a move to the
  // hub on air, for the hub's source stage.
  const direct = (at: Resumed): string[] => buildDirectStageArgs(at.source, plan, tail, { startAtSec: at.startAtSec });
  const hub = (at: Resumed): string[] => batchedPipeOutput(buildSourceStageArgs(at.source, plan, { startAtSec: at.startAtSec }));
  const both = (resumed: (resume: ResumePoint | undefined) => Resumed) => ({
    argsAt: (resume: ResumePoint | undefined) => direct(resumed(resume)),
    sourceArgsAt: (resume: ResumePoint | undefined) => hub(resumed(resume)),
  });
  // A resumed looping source: the rest of its play and whole plays after it, in one concat list.
  const resumeList = (paths: readonly string[], durations: readonly number[], resume: ResumePoint): SourceSpec => {
    const dir = path.join(ctx.dataDir, 'run');
    mkdirSync(dir, { recursive: true });
    const listPath = path.join(dir, `${live.id}.resume.ffconcat`);
    writeFileSync(listPath, buildResumedPlaysList(paths, durations, resume.startAtSec, resume.thenWholePlays));
    return { kind: 'playlist', listPath, loop: { kind: 'once' } };
  };
  if (source.kind === 'file') {
    const durationSec = await fileDuration(source.path, probe, live, ctx);
    return {
      output,
      ...both((resume) => {
        if (!resume) return { source };
        if (resume.thenWholePlays > 0 && durationSec) return { source: resumeList([source.path], [durationSec], resume) };
        return { source: { ...source, loop: resume.loop }, startAtSec: resume.startAtSec };
      }),
      resume: { durationSec, loop: live.loop, files: 1 },
    };
  }
  if (source.kind === 'playlist') {
    const paths = files.playlistPaths;
    const known = files.playlist?.map((p) => p.durationSec) ?? [];
    const durations = known.length > 0 && known.every((d): d is number => d !== null && d > 0) ? known : null;
    return {
      output,
      ...both((resume) => {
        if (!resume) return { source };
        if (resume.startAtSec <= 0 || !durations) return { source: { ...source, loop: resume.loop } };
        // The concat demuxer's own `inpoint`, in a list of the files left (see buildResumedConcatList).
        return { source: resumeList(paths, durations, resume) };
      }),
      resume: { durationSec: durations ? durations.reduce((sum, d) => sum + d, 0) : null, loop: live.loop, files: paths.length },
    };
  }
  return {
    output,
    ...both(() => ({ source })),
    resume: null,
    sourceHost: source.kind === 'url' ? hostOf(source.url) : undefined,
    outputHost: pushUrl ? hostOf(pushUrl) : undefined,
  };
}

/** A source as a (re)started process reads it: maybe another list, maybe from a point of a file. */
interface Resumed {
  readonly source: SourceSpec;
  readonly startAtSec?: number | undefined;
}

/**
 * A looping file needs its duration to be placed after a restart (position modulo duration):
 * from the `auto` probe when there was one, else probed now. Null when unknown (the restart then
 * starts it over); not needed when it plays once (the position is the elapsed time).
 */
async function fileDuration(file: string, probe: ProbeResult | null, live: Live, ctx: RunInputsContext): Promise<number | null> {
  if (live.loop.kind === 'once') return null;
  if (probe?.durationSec) return probe.durationSec;
  const outcome = await ctx.ffmpeg.probe(file, { timeoutMs: ctx.probeTimeoutMs, signal: ctx.signal });
  return outcome.ok && outcome.probe.durationSec ? outcome.probe.durationSec : null;
}

/**
 * By default the MPEG-TS muxer flushes stdout after every packet: hundreds of tiny pipe writes a
 * second that the engine must read and copy to each output. Letting FFmpeg fill its 32 KiB I/O
 * buffer first cuts the engine's CPU several times over for ~0.1 s of latency at 2.5 Mb/s.
 */
export function batchedPipeOutput(args: readonly string[]): string[] {
  const last = args.length - 1;
  if (args[last] !== 'pipe:1') return [...args];
  return [...args.slice(0, last), '-flush_packets', '0', 'pipe:1'];
}

/**
 * The contract's source → the argument builders' source (a playlist becomes an ffconcat file; an
 * IPTV channel is the address the IPTV domain resolved for this run).
 */
export function toSourceSpec(live: Live, dataDir: string, iptv?: IptvStream): SourceSpec {
  const source: Source = live.source;
  switch (source.kind) {
    case 'file':
      return { kind: 'file', path: source.path, loop: live.loop };
    case 'playlist': {
      const dir = path.join(dataDir, 'run');
      mkdirSync(dir, { recursive: true });
      const listPath = path.join(dir, `${live.id}.ffconcat`);
      writeFileSync(listPath, buildConcatList(source.paths));
      return { kind: 'playlist', listPath, loop: live.loop };
    }
    case 'url':
      return { kind: 'url', url: source.url };
    case 'iptvChannel':
      if (!iptv) throw RpcError.of('UNAVAILABLE', engineMessage('lives.iptvCatalogMissing'));
      return { kind: 'url', url: iptv.url, headers: iptv.headers };
    case 'testPattern':
      return { kind: 'testPattern' };
  }
}

/** A URL source with its password put back (the live's view holds it masked). */
function withUrlPassword(source: SourceSpec, password: string | null): SourceSpec {
  return source.kind === 'url' && password !== null ? { ...source, url: revealUrlCredentials(source.url, password) } : source;
}

/**
 * What `auto` needs (and a resume): the source's streams, and for a playlist every file (in any
 * mode: mixed time bases must be found whatever the encoding, and each file's duration places a
 * resume). A preset skips the probe of anything else.
 */
async function probeFor(
  source: SourceSpec,
  live: Live,
  ctx: RunInputsContext,
): Promise<{ probe: ProbeResult | null; playlist: ProbeResult[] | undefined }> {
  if (source.kind === 'testPattern') return { probe: testPatternProbe(source), playlist: undefined };
  if (live.source.kind === 'playlist') {
    const playlist = await probePlaylist(live.source.paths, ctx);
    return { probe: live.encoding.mode === 'auto' ? (playlist[0] ?? null) : null, playlist };
  }
  // A track chosen by language needs the file's track list, whatever the encoding.
  if (live.encoding.mode !== 'auto' && !wantsTracks(live.source)) return { probe: null, playlist: undefined };
  const input = source.kind === 'file' ? source.path : source.kind === 'url' ? source.url : '';
  const outcome = await ctx.ffmpeg.probe(input, {
    timeoutMs: ctx.probeTimeoutMs,
    signal: ctx.signal,
    ...(source.kind === 'url' && source.headers ? { headers: source.headers } : {}),
    ...(ctx.iptvChannel ? { secrets: ctx.iptvChannel.secrets } : {}),
  });
  if (outcome.ok) return { probe: outcome.probe, playlist: undefined };
  // A local file that cannot be read will not get better: fail now with the probe's sentence.
  if (source.kind !== 'url') throw new RpcError('INVALID_STATE', outcome.message);
  return { probe: null, playlist: undefined }; // a live URL may be briefly down: the safe full re-encode, and the supervisor retries
}

function sourceFiles(source: Source): readonly string[] {
  return source.kind === 'file' ? [source.path] : source.kind === 'playlist' ? source.paths : [];
}

/** What each enabled push destination takes as it is (its platform's limits, or the conservative default). */
function destinationLimits(live: Live): DestinationLimits[] {
  return live.destinations.flatMap((d) =>
    d.enabled && isPushKind(d.kind) ? [{ label: d.name, limits: platformPreset(d.kind).limits }] : [],
  );
}

/** `rtmp://user:pw@origin.example.com:1935/app/feed` → `origin.example.com:1935`. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
