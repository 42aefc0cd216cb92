import { engineMessage } from '@shared/messages/engine-message';
import { RpcError } from '@shared/contract/errors';
import { DESTINATION_TEST_SECONDS, isPushKind, type DestinationFields, type DestinationTestResult } from '@shared/contract/lives';
import { classifyExit } from '@shared/ffmpeg/classify';
import { buildDestinationTestArgs } from '@shared/ffmpeg/destination-test-args';
import { destinationUrl, DestinationUrlError } from '@shared/ffmpeg/platforms';
import { hasMaskedCredentials, revealUrlCredentials, urlSecretValues } from '@shared/format/url-credentials';
import { spawnFfmpeg } from '../ffmpeg/runner';

/** Tests running at once on one engine: each is an encoder for a few seconds. */
export const MAX_DESTINATION_TESTS = 3;

/** What a test needs besides the destination typed: what is stored for it, if anything. */
export interface StoredDestinationSecrets {
  readonly key: string | null;
  readonly urlPassword: string | undefined;
}

/**
 * "Test this destination": publish the test pattern for a few seconds with the live's own
 * builders and runner, and say what the platform answered. The key (typed, or the stored one
 * when the field was left empty) is masked in everything FFmpeg prints.
 */
export class DestinationTester {
  #running = 0;

  constructor(
    private readonly ffmpegPath: () => Promise<string>,
    private readonly seconds: number = DESTINATION_TEST_SECONDS,
  ) {}

  async test(destination: DestinationFields, stored: StoredDestinationSecrets): Promise<DestinationTestResult> {
    const kind = destination.kind;
    if (kind === 'hls-local' || !isPushKind(kind)) {
      throw RpcError.of('INVALID_PARAMS', engineMessage('lives.hlsNeedsNoTest'), {
        issues: [{ path: ['destination', 'kind'], message: 'Only platform and RTMP destinations can be tested.' }],
      });
    }
    const key = destination.streamKey ?? stored.key;
    if (key === null && kind !== 'custom-rtmp') {
      throw RpcError.of('INVALID_PARAMS', engineMessage('lives.typeKeyToTest'), {
        issues: [{ path: ['destination', 'streamKey'], message: 'Type the stream key to test this destination.' }],
      });
    }
    let server = destination.url;
    if (server !== undefined && hasMaskedCredentials(server)) {
      if (stored.urlPassword === undefined) {
        throw RpcError.of('INVALID_PARAMS', engineMessage('lives.maskedPassword'), {
          issues: [{ path: ['destination', 'url'], message: 'Type the password itself.' }],
        });
      }
      server = revealUrlCredentials(server, stored.urlPassword);
    }
    let url: string;
    try {
      url = destinationUrl(kind, key ?? '', server);
    } catch (error) {
      if (!(error instanceof DestinationUrlError)) throw error;
      throw new RpcError('INVALID_PARAMS', error.message, { issues: [{ path: ['destination', 'url'], message: error.message }] });
    }
    if (this.#running >= MAX_DESTINATION_TESTS) {
      throw RpcError.of('LIMIT_REACHED', engineMessage('lives.tooManyTests', { max: MAX_DESTINATION_TESTS }));
    }
    this.#running += 1;
    try {
      return await this.#publish(
        url,
        destination.name,
        [key, ...(stored.urlPassword === undefined ? [] : urlSecretValues(stored.urlPassword))].filter((s): s is string => !!s),
      );
    } finally {
      this.#running -= 1;
    }
  }

  async #publish(url: string, name: string, secrets: string[]): Promise<DestinationTestResult> {
    const started = Date.now();
    let sent = 0;
    const process = spawnFfmpeg(buildDestinationTestArgs(url, this.seconds), {
      ffmpegPath: await this.ffmpegPath(),
      logLevel: 'warning',
      secrets,
      label: `destination test → ${name}`,
      onProgress: (progress) => (sent = Math.max(sent, progress.totalSizeBytes ?? 0)),
    });
    // A server that takes the connection and never answers must not hold the test forever.
    const timer = setTimeout(() => void process.stop({ graceMs: 1000, termMs: 1000 }), (this.seconds + 15) * 1000);
    const exit = await process.exited;
    clearTimeout(timer);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (exit.code === 0 && exit.endedBy === 'self' && sent > 0) {
      return { outcome: 'accepted', message: `${name} accepted the test stream for ${this.seconds} s.`, seconds };
    }
    const verdict = classifyExit(exit.stderrTail, exit.code, { role: 'output', target: name });
    const outcome =
      verdict.kind === 'keyRejected'
        ? 'refused'
        : verdict.kind === 'networkUnreachable' || verdict.kind === 'connectionRefused'
          ? 'unreachable'
          : 'failed';
    const message = exit.endedBy === 'self' ? verdict.message : `${name} did not answer within ${this.seconds + 15} s.`;
    return { outcome: exit.endedBy === 'self' ? outcome : 'unreachable', message, seconds };
  }
}
