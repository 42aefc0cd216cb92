import { lookup } from 'node:dns/promises';
import { stat } from 'node:fs/promises';
import { connect } from 'node:net';
import type { Destination, Live, Source } from '@shared/contract/lives';
import { PLATFORM_PRESETS } from '@shared/ffmpeg/platforms';
import { describeStartBlocker, enabledPushDestinations, startBlockers } from '@shared/lives/start-readiness';
import { revealUrlCredentials } from '@shared/format/url-credentials';
import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';

/**
 * The checks run 60 s before a scheduled start, so a streamer hears about a deleted file, a
 * dead ingest or a lost key while there is still time — not when the start fails. Every
 * problem is a sentence; URLs are shown by host only, since IPTV and ingest URLs carry secrets.
 */
export interface PreflightDeps {
  /** The key behind a destination's `secret:` reference, or null when the store lost it (StreamKeys.read). */
  readonly readKey: (keyRef: string) => Promise<string | null>;
  /** Reads the source with ffprobe; without one installed, files are only checked to exist. */
  readonly ffmpeg: Pick<FfmpegTools, 'locate' | 'probe'>;
  /** Per network check and per probe. Default 5 s. */
  readonly timeoutMs?: number;
  /** The password behind a masked source URL (`user:••••@`), so the check logs in as FFmpeg will. */
  readonly sourcePassword?: (liveId: string) => Promise<string | null>;
}

/** A playlist can hold hundreds of files: each must exist, the first few are also probed. */
const PLAYLIST_PROBES = 5;

export async function preflightProblems(live: Live, deps: PreflightDeps): Promise<string[]> {
  const timeoutMs = deps.timeoutMs ?? 5_000;
  // What lives.start would refuse, in its words (one rule, shared/lives/start-readiness.ts).
  const blockers = startBlockers(live);
  const pushed = enabledPushDestinations(live);
  const results = await Promise.all([
    blockers.map(describeStartBlocker),
    sourceProblems(live, deps, timeoutMs),
    ...pushed.map((d) => destinationProblems(d, timeoutMs)),
    ...pushed.map((d) => keyProblems(d, deps.readKey)),
  ]);
  return results.flat();
}

async function sourceProblems(live: Live, deps: PreflightDeps, timeoutMs: number): Promise<string[]> {
  const source: Source = live.source;
  switch (source.kind) {
    case 'file':
      return fileProblems(source.path, true, deps, timeoutMs);
    case 'playlist': {
      const checks = source.paths.map((p, i) => fileProblems(p, i < PLAYLIST_PROBES, deps, timeoutMs));
      return (await Promise.all(checks)).flat();
    }
    case 'url': {
      const password = await (deps.sourcePassword?.(live.id) ?? Promise.resolve(null)).catch((error: unknown) =>
        error instanceof Error ? error : new Error('The source URL password could not be read.'),
      );
      if (password instanceof Error) return [password.message];
      return urlProblems(password === null ? source.url : revealUrlCredentials(source.url, password), timeoutMs);
    }
    case 'iptvChannel': // resolved by the IPTV domain only when the run starts (its tuner slot is taken then)
    case 'testPattern':
      return [];
  }
}

async function fileProblems(file: string, probe: boolean, deps: PreflightDeps, timeoutMs: number): Promise<string[]> {
  try {
    if (!(await stat(file)).isFile()) return [`The source "${file}" is not a file.`];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return [
      code === 'ENOENT'
        ? `The source file "${file}" does not exist.`
        : `The source file "${file}" cannot be opened (${code ?? 'error'}).`,
    ];
  }
  if (!probe || !(await deps.ffmpeg.locate('ffprobe')).found) return [];
  const outcome = await deps.ffmpeg.probe(file, { timeoutMs: Math.max(timeoutMs, 10_000) });
  return outcome.ok ? [] : [`The source file "${file}" cannot be read: ${outcome.message}`];
}

async function urlProblems(url: string, timeoutMs: number): Promise<string[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['The source URL is not a valid URL.'];
  }
  const where = `The source at ${parsed.host}`;
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    // fetch refuses credentials inside the URL; send them as HTTP Basic instead, as FFmpeg does.
    const headers: Record<string, string> = {};
    if (parsed.username || parsed.password) {
      const userinfo = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      headers.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    try {
      const response = await fetch(parsed, {
        method: 'GET',
        headers,
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 400 ? [`${where} answered HTTP ${response.status}.`] : [];
    } catch (error) {
      return [`${where} did not answer (${networkReason(error)}).`];
    }
  }
  const port = Number(parsed.port) || (parsed.protocol === 'rtmps:' ? 443 : parsed.protocol === 'rtmp:' ? 1935 : 0);
  // SRT runs over UDP: there is no connection to try, only the name to resolve.
  if (parsed.protocol === 'srt:' || port === 0) return (await resolveProblem(parsed.hostname, where, timeoutMs)) ?? [];
  return reachProblems(parsed.hostname, port, where, timeoutMs);
}

function ingestUrlOf(destination: Destination): string | null {
  if (destination.kind === 'custom-rtmp') return destination.url ?? null;
  return PLATFORM_PRESETS.find((p) => p.id === destination.kind)?.ingestUrl ?? null;
}

async function destinationProblems(destination: Destination, timeoutMs: number): Promise<string[]> {
  const url = ingestUrlOf(destination);
  const where = `Destination "${destination.name}"`;
  if (url === null) return [`${where} has no server URL.`];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`${where} has an invalid server URL.`];
  }
  const port = Number(parsed.port) || (parsed.protocol === 'rtmps:' ? 443 : 1935);
  return reachProblems(parsed.hostname, port, `${where} (${parsed.hostname}:${port})`, timeoutMs);
}

async function keyProblems(destination: Destination, readKey: PreflightDeps['readKey']): Promise<string[]> {
  const { streamKey } = destination;
  if (!streamKey.keySet) return []; // a start blocker, reported above
  const value = await readKey(streamKey.keyRef).catch(() => null);
  return value === null
    ? [`The stream key of destination "${destination.name}" is missing from the secret store: enter it again.`]
    : [];
}

async function resolveProblem(host: string, where: string, timeoutMs: number): Promise<string[] | null> {
  try {
    await withTimeout(lookup(host), timeoutMs);
    return null;
  } catch (error) {
    return [`${where}: the host name ${host} does not resolve (${networkReason(error)}).`];
  }
}

async function reachProblems(host: string, port: number, where: string, timeoutMs: number): Promise<string[]> {
  const unresolved = await resolveProblem(host, where, timeoutMs);
  if (unresolved) return unresolved;
  const reason = await tcpConnect(host, port, timeoutMs);
  return reason === null ? [] : [`${where} does not accept connections (${reason}).`];
}

/** null when a TCP connection opened; otherwise why not. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | null): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(networkReason(error)));
  });
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  return code ?? 'network error';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
