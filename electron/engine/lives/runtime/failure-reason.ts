/**
 * Which FFmpeg failures are fatal (retrying cannot help) and how to say so to a streamer. Everything
 * else — a server down, a network blip, a crash — is retried with backoff. Sentences never quote
 * FFmpeg's lines, which may hold a stream key.
 */

const SOURCE_FATAL: readonly { test: RegExp; reason: string }[] = [
  { test: /No such file or directory/i, reason: 'The source file is missing: check that it still exists and the disk is mounted.' },
  { test: /Permission denied/i, reason: 'The source file cannot be read: LiveManager has no permission to open it.' },
  { test: /Invalid data found when processing input|moov atom not found|could not find codec parameters/i, reason: 'The source is not a video FFmpeg can read (damaged or not a media file).' },
  { test: /Decoder \(codec [^)]*\) not found|Unsupported codec|no decoder/i, reason: 'The source uses a format this FFmpeg cannot decode.' },
  { test: /Server returned 40[134]|HTTP error 40[134]/i, reason: 'The source URL was refused by its server (not found or not allowed).' },
];

/**
 * The source stage failed: a reason when it is fatal. A source that had been streaming and then
 * failed is retried (a network source may come back, a file may have been briefly unreachable).
 */
export function classifySourceFailure(tail: readonly string[], progressed: boolean): string | undefined {
  if (progressed) return undefined;
  const text = tail.join('\n');
  return SOURCE_FATAL.find((rule) => rule.test.test(text))?.reason;
}

/** The server took the TCP connection, then ended the publish: how RTMP ingests refuse a key. */
const KEY_REFUSED = /^rtmps?:\/\/\S+: (Input\/output error|Broken pipe|End of file)$|NetStream\.Publish\.(BadName|Rejected)|Server error:.*(denied|reject|invalid|unauthori)/im;
const SERVER_DOWN = /Connection refused|Connection timed out|Network is unreachable|No route to host|Name or service not known|Temporary failure in name resolution/i;

/** An output (destination) failed: fatal when the ingest refused the stream key outright. */
export function classifyOutputFailure(label: string, tail: readonly string[], progressed: boolean): string | undefined {
  if (progressed) return undefined;
  const text = tail.join('\n');
  if (SERVER_DOWN.test(text)) return undefined;
  if (KEY_REFUSED.test(text)) {
    return `${label} refused the stream key: check the key in the destination's settings (it may have been reset or expired).`;
  }
  return undefined;
}
