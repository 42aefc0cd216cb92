import { classifyExit } from '@shared/ffmpeg/classify';
import { parseFfprobeJson, type ProbeResult } from '@shared/ffmpeg/probe-result';
import { redactSecrets } from '@shared/ffmpeg/redact';
import { checkInput, protocolWhitelistArgs } from '@shared/ffmpeg/input-protocols';
import { httpHeaderArgs } from '@shared/ffmpeg/source-args';
import { runOnce } from './run-once';

export type ProbeFailureKind = 'missing' | 'unreadable' | 'unsupported' | 'network' | 'timeout' | 'refused' | 'stopped';

export type ProbeOutcome =
  | { ok: true; probe: ProbeResult }
  /** `message` is for the streamer; `detail` is ffprobe's last lines, redacted. */
  | { ok: false; kind: ProbeFailureKind; message: string; detail: string };

export interface ProbeOptions {
  ffprobePath: string;
  /** Default 15 s; a live URL that never answers must not hang a start. */
  timeoutMs?: number;
  /** Secrets known by value (IPTV passwords), masked in `detail`. */
  secrets?: readonly string[];
  /** Aborting kills ffprobe at once (a live stopped while its source is still being probed). */
  signal?: AbortSignal;
  /** HTTP request headers of the source (an IPTV channel's User-Agent, Referer…), as FFmpeg will send them. */
  headers?: Readonly<Record<string, string>>;
}

const MESSAGES: Record<ProbeFailureKind, string> = {
  missing: 'The source could not be found. Check that the file still exists or that the link is still valid.',
  unreadable: 'The source could not be read: the file is damaged or incomplete, or access to it was refused.',
  unsupported: 'The source is not a video LiveManager can read. Choose another file or link.',
  network: 'The source could not be reached over the network. Check the link and the connection.',
  timeout: 'The source did not answer in time. Check the link, or try again.',
  refused: 'LiveManager does not open this kind of source address.',
  stopped: 'Reading the source was stopped.',
};

function failure(kind: ProbeFailureKind, detail: string): ProbeOutcome {
  return { ok: false, kind, message: MESSAGES[kind], detail };
}

/**
 * ffprobe a file or URL (`-of json -show_streams -show_format`) → its video and audio streams,
 * or a typed failure. Never throws for a bad source.
 */
export function probeSource(input: string, options: ProbeOptions): Promise<ProbeOutcome> {
  // The same allow-list and protocol whitelist as the FFmpeg argument builders (input-protocols.ts).
  const check = checkInput(input);
  if (!check.ok)
    return Promise.resolve({ ok: false, kind: 'refused', message: `${MESSAGES.refused} ${check.reason}`, detail: '' });
  if (options.signal?.aborted) return Promise.resolve(failure('stopped', ''));
  let network: string[];
  try {
    network = check.family === 'http' ? httpHeaderArgs(options.headers) : [];
  } catch (error) {
    return Promise.resolve({
      ok: false,
      kind: 'refused',
      message: `${MESSAGES.refused} ${(error as Error).message}`,
      detail: '',
    });
  }
  // 'warning' keeps "detected only with low score", which tells a non-video from a damaged video.
  const args = [
    ...['-v', 'warning', '-of', 'json', '-show_streams', '-show_format'],
    ...network,
    ...protocolWhitelistArgs(check.family),
    ...['-i', input],
  ];
  const timeoutMs = options.timeoutMs ?? 15_000;
  const signal = options.signal;
  return runOnce(options.ffprobePath, args, { timeoutMs, signal }).then((result) => {
    const lines = redactSecrets(result.stderr, options.secrets)
      .split('\n')
      .filter((line) => line.trim() !== '');
    const detail = lines.slice(-5).join('\n');
    if (result.ended === 'aborted') return failure('stopped', detail);
    if (result.ended === 'timeout') return failure('timeout', detail);
    if (result.ended === 'notStarted') return failure('unreadable', `ffprobe not found at ${options.ffprobePath}`);
    const probe = result.ended === 'exit' && result.code === 0 ? parseFfprobeJson(result.stdout) : null;
    if (probe) {
      if (!probe.video.length && !probe.audio.length) return failure('unsupported', 'no audio or video stream');
      return { ok: true, probe };
    }
    const classified = classifyExit(lines, result.code ?? 1, { role: 'source' });
    return failure(KIND_OF[classified.kind] ?? 'unreadable', detail);
  });
}

const KIND_OF: Partial<Record<string, ProbeFailureKind>> = {
  sourceMissing: 'missing',
  sourceUnreadable: 'unreadable',
  unsupportedInput: 'unsupported',
  networkUnreachable: 'network',
  connectionRefused: 'network',
  connectionLost: 'network',
};
