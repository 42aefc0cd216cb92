import { redactSecrets } from '@shared/ffmpeg/redact';

export const DEFAULT_STDERR_LINES = 200;
/** A single line longer than this is cut: a hostile source must not balloon the log. */
const MAX_LINE_CHARS = 2000;

/**
 * The last N lines of a process's stderr, redacted on the way in (stream keys, passwords), so
 * nothing kept or shown from it can leak a secret. Accepts raw chunks split anywhere; FFmpeg
 * ends progress-style lines with `\r`, which count as line ends too.
 */
export class StderrRing {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly capacity = DEFAULT_STDERR_LINES,
    private readonly secrets: readonly string[] = [],
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Feed a decoded chunk; returns the complete lines it finished (already redacted). */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_LINE_CHARS) {
      parts.push(this.partial);
      this.partial = '';
    }
    const added: string[] = [];
    for (const raw of parts) {
      if (raw.trim() === '') continue;
      const line = redactSecrets(raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw, this.secrets);
      this.lines.push(line);
      added.push(line);
      this.onLine?.(line);
    }
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    return added;
  }

  /** Flush an unterminated last line (at process exit). */
  end(): void {
    if (this.partial.trim() !== '') this.push('\n');
    this.partial = '';
  }

  /** Oldest first, at most `capacity` lines. */
  tail(count = this.capacity): string[] {
    return this.lines.slice(-count);
  }
}
