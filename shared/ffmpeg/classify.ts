import { engineMessage, englishOf, type EngineMessage } from '../messages/engine-message';
/**
 * Why an FFmpeg process ended, from its (redacted) stderr tail and exit status, in words a
 * streamer understands. `fatal` kinds are not retried: retrying a refused key or a missing file
 * only hammers the server and fills the log.
 */
export type ExitKind =
  | 'clean'
  | 'keyRejected'
  | 'sourceMissing'
  | 'sourceUnreadable'
  | 'unsupportedInput'
  | 'networkUnreachable'
  | 'connectionRefused'
  | 'connectionLost'
  | 'unknown';

export interface ExitClassification {
  kind: ExitKind;
  fatal: boolean;
  /** One or two sentences for the streamer, e.g. shown as the run's failure reason. */
  message: string;
  /** The stderr line that decided it (already redacted), for the run's history. */
  evidence: string | null;
}

export interface ExitContext {
  /** The source stage reads the source; an output pushes to one destination or writes HLS. */
  role?: 'source' | 'output';
  /** Shown in messages: "Twitch", "YouTube (backup)", "the HLS preview", "the source". */
  target?: string;
}

const FATAL: ReadonlySet<ExitKind> = new Set(['keyRejected', 'sourceMissing', 'sourceUnreadable', 'unsupportedInput']);

type Rule = { kind: ExitKind; test: RegExp; roles?: readonly ('source' | 'output')[] };

/** In priority order: the specific causes before the generic ones. */
const RULES: readonly Rule[] = [
  // A platform that explains itself (YouTube, Facebook, Wowza, SRS…).
  {
    kind: 'keyRejected',
    test: /Server error:.*(?:auth|key|denied|unauthori[sz]ed|forbidden|reject|BadName|invalid)/i,
    roles: ['output'],
  },
  { kind: 'keyRejected', test: /NetStream\.Publish\.(?:BadName|Rejected|Denied)/i, roles: ['output'] },
  { kind: 'connectionRefused', test: /Connection refused/i },
  {
    kind: 'networkUnreachable',
    test: /Failed to resolve hostname|Name or service not known|Temporary failure in name resolution|nodename nor servname|No address associated/i,
  },
  {
    kind: 'networkUnreachable',
    test: /Network is unreachable|No route to host|Connection timed out|Operation timed out|Cannot read RTMP handshake response|Host is unreachable/i,
  },
  {
    kind: 'connectionLost',
    test: /Broken pipe|Connection reset by peer|Error writing trailer|av_interleaved_write_frame\(\)|Error muxing a packet/i,
    roles: ['output'],
  },
  { kind: 'sourceMissing', test: /Server returned 404|Server returned 410|HTTP error 404/i, roles: ['source'] },
  // Only for the source: an output saying this means its HLS folder vanished (retry re-creates it).
  { kind: 'sourceMissing', test: /No such file or directory/i, roles: ['source'] },
  {
    kind: 'unsupportedInput',
    test: /detected only with low score|Unknown input format|Protocol not found|Decoder \(codec [^)]+\) not found|Unsupported codec|could not find codec parameters|does not contain any stream|Output file #0 does not contain any stream/i,
    roles: ['source'],
  },
  { kind: 'sourceUnreadable', test: /Permission denied|Server returned 40[13]|HTTP error 40[13]/i, roles: ['source'] },
  {
    kind: 'sourceUnreadable',
    test: /Invalid data found when processing input|moov atom not found|Impossible to open|End of file.*processing input/i,
    roles: ['source'],
  },
  // nginx-rtmp answering on_publish with 403 just closes the connection after a successful
  // connect: FFmpeg 5.1 prints only "<url>: Input/output error" (FFmpeg 6/7 prefix it with
  // "Error opening output"). Network causes were matched above, so this is the refused key.
  {
    kind: 'keyRejected',
    test: /^(?:\[[^\]]*\]\s*)?(?:Error opening output(?: file)?\s+)?rtmps?:\/\/\S+?:? Input\/output error/im,
    roles: ['output'],
  },
  { kind: 'connectionLost', test: /Input\/output error|End of file/i, roles: ['source'] },
];

/**
 * Classify an exit; exit code 0 without a fatal line is `clean`. Rules are tried in priority
 * order over the whole tail (most recent line first): a resolve failure is printed BEFORE the
 * generic "Input/output error" line, and the specific cause must win.
 */
export function classifyExit(
  stderrTail: readonly string[],
  exitCode: number | null,
  context: ExitContext = {},
): ExitClassification {
  const role = context.role ?? 'output';
  const target = context.target ?? (role === 'source' ? 'the source' : 'the destination');
  const lines = [...stderrTail].reverse();
  for (const rule of RULES) {
    if (rule.roles && !rule.roles.includes(role)) continue;
    const line = lines.find((candidate) => rule.test.test(candidate));
    if (line === undefined) continue;
    if (exitCode === 0 && !FATAL.has(rule.kind)) continue;
    return { kind: rule.kind, fatal: FATAL.has(rule.kind), message: describe(rule.kind, target), evidence: line };
  }
  if (exitCode === 0) return { kind: 'clean', fatal: false, message: describe('clean', target), evidence: null };
  return { kind: 'unknown', fatal: false, message: describe('unknown', target), evidence: stderrTail.at(-1) ?? null };
}

/**
 * The sentence of an exit, from the message catalog (so the app can say it in its language).
 * `target` is a destination's name, or "the source" / "the destination".
 */
export function describe(kind: ExitKind, target: string): string {
  return englishOf(describeMessage(kind, target));
}

export function describeMessage(kind: ExitKind, target: string): EngineMessage {
  switch (kind) {
    case 'sourceMissing':
    case 'sourceUnreadable':
    case 'unsupportedInput':
      return engineMessage(`ffmpeg.${kind}`);
    case 'networkUnreachable':
    case 'connectionRefused':
      // The target starts the sentence.
      return engineMessage(`ffmpeg.${kind}`, { target: capitalise(target) });
    default:
      return engineMessage(`ffmpeg.${kind}`, { target });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
