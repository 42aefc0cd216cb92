/**
 * The FFmpeg layer of the engine: find the binaries, build argument arrays, run and stop
 * processes, read their progress and usage, probe sources, explain failures.
 *
 * Restream pipeline (one live): a SOURCE STAGE
 *   spawnFfmpeg(buildSourceStageArgs(source, planEncoding(encoding, probe)), { stdout: 'media' })
 * writes MPEG-TS to stdout; the hub copies each chunk to every OUTPUT's stdin:
 *   spawnFfmpeg(buildRtmpOutputArgs(destinationUrl(preset, key)), { stdin: 'media', secrets: [key] })
 *   spawnFfmpeg(buildHlsOutputArgs({ dir, liveId }), { stdin: 'media', logLevel: 'warning' })
 * An output is "live" once its progress shows `totalSizeBytes`/`outTimeUs` advancing.
 * When a process ends, `classifyExit(exit.stderrTail, exit.code, { role, target })` says why and
 * whether retrying makes sense (`fatal`).
 */
export { locateTool, installHint, parseVersionLine, type LocateOptions, type ToolName } from './locate';
export { detectCapabilities, type FfmpegCapabilities } from './capabilities';
export {
  spawnFfmpeg,
  spawnProcess,
  ffmpegGlobalArgs,
  type FfmpegSpawnOptions,
  type SpawnOptions,
  type StopOptions,
  type ProcessExit,
  type RunningProcess,
} from './runner';
export { ProcessRegistry, ffmpegProcesses } from './registry';
export { signalGroup, isAlive } from './process-group';
export { StderrRing, DEFAULT_STDERR_LINES } from './stderr-ring';
export { UsageSampler, type ProcessUsage } from './usage';
export { probeSource, type ProbeOutcome, type ProbeFailureKind, type ProbeOptions } from './probe';

// Pure parts, from shared/ (the UI may use them too).
export { ProgressParser, type FfmpegProgress } from '@shared/ffmpeg/progress';
export type { ProbeResult, ProbedVideo, ProbedAudio } from '@shared/ffmpeg/probe-result';
export {
  planEncoding,
  ENCODING_PRESETS,
  ENCODING_PRESET_IDS,
  type EncodingChoice,
  type EncodingPresetId,
  type RestreamPlan,
} from '@shared/ffmpeg/encoding';
export {
  buildSourceInputArgs,
  buildConcatList,
  testPatternProbe,
  SourceArgsError,
  type SourceSpec,
  type LoopPolicy,
} from '@shared/ffmpeg/source-args';
export { buildSourceStageArgs } from '@shared/ffmpeg/stage-args';
export {
  buildRtmpOutputArgs,
  buildHlsOutputArgs,
  buildSeedTranscodeArgs,
  hlsPlaylistPath,
  HLS_PLAYLIST_NAME,
} from '@shared/ffmpeg/output-args';
export { PLATFORM_PRESETS, destinationUrl, DestinationUrlError, type PlatformPresetId } from '@shared/ffmpeg/platforms';
export { classifyExit, type ExitClassification, type ExitKind, type ExitContext } from '@shared/ffmpeg/classify';
export { redactSecrets } from '@shared/ffmpeg/redact';
export { maskSecret } from '@shared/format/mask';
export { formatCommandLine } from '@shared/ffmpeg/command-line';
