import type { IptvProblemCode } from '@shared/contract/iptv';
import { redactSecrets } from '@shared/ffmpeg/redact';

/**
 * Why fetching or reading a provider's catalog or EPG failed, as one code (for the UI) and one
 * sentence (for people). Messages are redacted of URL credentials before they are built into
 * this, so they can go into statuses and events as they are.
 */
export class IptvFailure extends Error {
  readonly code: IptvProblemCode;

  constructor(code: IptvProblemCode, message: string) {
    super(message);
    this.name = 'IptvFailure';
    this.code = code;
  }
}

/** An IptvFailure as it is, anything else as `internal` (its details stay in the engine log). */
export function asIptvFailure(error: unknown, knownSecrets: readonly string[] = []): IptvFailure {
  if (error instanceof IptvFailure) {
    return new IptvFailure(error.code, redactSecrets(error.message, knownSecrets));
  }
  return new IptvFailure('internal', 'The refresh failed unexpectedly. See the engine log for details.');
}

/** A URL fit for a message: credentials masked, and cut short. */
export function shownUrl(url: string, knownSecrets: readonly string[] = []): string {
  const redacted = redactSecrets(url, knownSecrets);
  return redacted.length > 120 ? `${redacted.slice(0, 117)}…` : redacted;
}
