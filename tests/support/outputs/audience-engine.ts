import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput, LiveState, Source } from '@shared/contract/lives';
import type { LinkAddresses, LinkFieldsInput, Output, OutputFieldsInput, OutputLink } from '@shared/contract/outputs';
import { createEngine, type Engine } from '../../../electron/engine/engine';
import type { PublicListenerOptions } from '../../../electron/engine/http/http-service';
import { livesModule } from '../../../electron/engine/lives/lives-module';
import { restreamRuntime } from '../../../electron/engine/lives/runtime/restream-runtime';
import type { FailureLimits } from '../../../electron/engine/outputs/failure-limiter';
import { outputsModule } from '../../../electron/engine/outputs/outputs-module';
import type { OutputsPort } from '../../../electron/engine/outputs/outputs-port';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { freeLoopbackPort } from '../ports';
import { FAST_RUNTIME } from '../restream-engine';
import { waitFor } from '../wait-for';

export interface AudienceEngine {
  readonly engine: Engine;
  /** The outputs domain's port, as other domains reach it. */
  readonly outputs: OutputsPort;
  readonly dataDir: string;
  /** `http://127.0.0.1:<port>` of the public listener (null when it was not configured). */
  readonly base: string | null;
  readonly port: number | null;
  call<T>(method: string, params?: unknown): Promise<T>;
  createOutput(fields: OutputFieldsInput): Promise<Output>;
  createLink(fields: LinkFieldsInput): Promise<{ link: OutputLink; addresses: LinkAddresses }>;
  /** A live that feeds `outputId` only, looping its source when it is a file. */
  createFeeder(title: string, source: Source, outputId: string, extra?: Partial<LiveFieldsInput>): Promise<Live>;
  start(liveId: string): Promise<Live>;
  stop(liveId: string): Promise<Live>;
  waitForState(liveId: string, state: LiveState, timeoutMs?: number): Promise<Live>;
  close(): Promise<void>;
}

/**
 * A real engine with the lives (restream runtime) and outputs domains, its public listener on a
 * loopback port (as behind Caddy on a VPS) unless told otherwise, in a temp data folder.
 */
export async function startAudienceEngine(
  options: {
    publicListener?: PublicListenerOptions | 'none';
    watchAssetsDir?: string;
    failureLimits?: FailureLimits;
    log?: (message: string, error?: unknown) => void;
    /** The engine's clock (a test moves it past a link's expiry). */
    now?: () => number;
    /** Trust `X-Forwarded-For` from loopback peers, as behind Caddy: tests then speak for many addresses. */
    trustProxy?: boolean;
  } = {},
): Promise<AudienceEngine> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lm-audience-'));
  const port = options.publicListener === undefined ? await freeLoopbackPort() : null;
  const publicListener =
    options.publicListener === 'none'
      ? undefined
      : (options.publicListener ?? {
          host: '127.0.0.1',
          port: port ?? 0,
          hostNames: [`127.0.0.1:${port}`, '127.0.0.1', 'localhost'],
          ...(options.trustProxy ? { trustProxy: true } : {}),
        });
  const lives = livesModule(restreamRuntime(FAST_RUNTIME));
  const outputs = outputsModule({
    watchAssetsDir: options.watchAssetsDir,
    failureLimits: options.failureLimits,
  });
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'single-owner',
    publicListener,
    ...(options.now ? { now: options.now } : {}),
    log: options.log ?? ((message, error) => console.error(`[engine] ${message}`, error ?? '')),
    modules: [lives, outputs],
  });
  const call = async <T>(method: string, params?: unknown): Promise<T> => {
    const result = await engine.router.call(method, params, { transport: 'local' });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  const get = (liveId: string): Promise<Live> => call<Live>('lives.get', { liveId });
  const publicPort = publicListener ? publicListener.port : null;
  return {
    engine,
    outputs: engine.ports.get('outputs'),
    dataDir,
    base: publicPort === null ? null : `http://127.0.0.1:${publicPort}`,
    port: publicPort,
    call,
    createOutput: (fields) => call<Output>('outputs.create', fields),
    createLink: async (fields) => {
      const made = await call<{ link: OutputLink; addresses: LinkAddresses | null }>('outputs.createLink', fields);
      if (!made.addresses) throw new Error('The link has no addresses: is the public listener on?');
      return { link: made.link, addresses: made.addresses };
    },
    createFeeder: (title, source, outputId, extra = {}) =>
      call<Live>('lives.create', {
        title,
        source,
        ...(source.kind === 'file' || source.kind === 'playlist' ? { loop: { kind: 'forever' } } : {}),
        destinations: [{ name: 'Salon', kind: 'public-output', outputId }],
        ...extra,
      }),
    start: (liveId) => call<Live>('lives.start', { liveId }),
    stop: (liveId) => call<Live>('lives.stop', { liveId }),
    waitForState: (liveId, state, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const live = await get(liveId);
          return live.state === state ? live : undefined;
        },
        { timeoutMs, what: `live ${liveId} to be ${state}` },
      ),
    close: async () => {
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
