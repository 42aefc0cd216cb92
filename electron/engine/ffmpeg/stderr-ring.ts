import { redactSecrets } from '@shared/ffmpeg/redact';

export const DEFAULT_STDERR_LINES = 200;
/** A single line longer than this is cut: a hostile source must not balloon the log. */
const MAX_LINE_CHARS = 2000;
/** More than the longest stream key (512): a secret starting before the cut is seen whole. */
const SECRET_HOLDBACK = 600;

/**
 * The last N lines of a process's stderr, redacted on the way in (stream keys, passwords), so
 * nothing kept or shown from it can leak a secret. Accepts raw chunks split anywhere; FFmpeg
 * ends progress-style lines with `\r`, which count as line ends too.
 */
export class StderrRing {
  private readonly lines: string[] = [];
  private partial = '';
  private discarding = false;

  constructor(
    private readonly capacity = DEFAULT_STDERR_LINES,
    private readonly secrets: readonly string[] = [],
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Feed a decoded chunk; returns the complete lines it finished (already redacted). */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    if (this.discarding && parts.length) {
      parts.shift(); // the rest of a line already cut
      this.discarding = false;
    }
    if (this.discarding) this.partial = '';
    const added = parts.map((raw) => this.add(raw)).filter((line): line is string => line !== null);
    if (this.partial.length > MAX_LINE_CHARS + SECRET_HOLDBACK) {
      // Cut an endless line once (redacted whole, then shortened to MAX_LINE_CHARS, so a secret
      // starting before the cut is masked), then drop the rest of it up to its newline:
      // re-splitting it would cut a secret in two halves that no longer match the redaction.
      const line = this.add(this.partial);
      if (line !== null) added.push(line);
      this.partial = '';
      this.discarding = true;
    }
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    return added;
  }

  private add(raw: string): string | null {
    if (raw.trim() === '') return null;
    // Redact the whole line first, then shorten: a cut must never fall inside a secret.
    const redacted = redactSecrets(raw, this.secrets);
    const line = redacted.length > MAX_LINE_CHARS ? `${redacted.slice(0, MAX_LINE_CHARS)}…` : redacted;
    this.lines.push(line);
    this.onLine?.(line);
    return line;
  }

  /** Flush an unterminated last line (at process exit). */
  end(): void {
    if (!this.discarding && this.partial.trim() !== '') this.push('\n');
    this.partial = '';
    this.discarding = false;
  }

  /** Oldest first, at most `capacity` lines. */
  tail(count = this.capacity): string[] {
    return this.lines.slice(-count);
  }
}
