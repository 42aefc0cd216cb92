import type { EngineMode } from '@shared/contract/accounts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { Provider } from '@shared/contract/iptv';
import { LOCAL_OWNER, type Caller } from '../../../electron/engine/context';
import { createEngine, defaultModules, type Engine } from '../../../electron/engine/engine';
import type { RestreamRuntimeOptions } from '../../../electron/engine/lives/runtime/restream-runtime';
import { accountsModule } from '../../../electron/engine/accounts/accounts-module';
import { iptvModule, type IptvModuleOptions } from '../../../electron/engine/iptv/iptv-module';
import type { IptvPort } from '../../../electron/engine/iptv/ports';
import type { DEFAULT_FETCH_POLICY } from '../../../electron/engine/iptv/net/http-get';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { waitFor } from '../ports';
import { bundledEpgWorker, bundledM3uWorker } from './epg-worker-bundle';

/** Quick timeouts and retries, so failure tests take milliseconds, not the defaults' seconds. */
export const QUICK_POLICY: typeof DEFAULT_FETCH_POLICY = {
  timeouts: { connectMs: 2_000, headersMs: 1_500, bodyIdleMs: 1_500 },
  retries: 1,
  backoffMs: 50,
  maxRedirects: 3,
  privateNetworks: true,
};

/** A memory SecretStore that can say which ids it holds (to check secrets are rotated and deleted). */
export class RecordingSecretStore extends MemorySecretStore {
  readonly #ids = new Set<string>();

  override async set(id: string, value: string): Promise<void> {
    await super.set(id, value);
    this.#ids.add(id);
  }

  override async delete(id: string): Promise<void> {
    await super.delete(id);
    this.#ids.delete(id);
  }

  ids(): string[] {
    return [...this.#ids].sort();
  }
}

export interface IptvTestEngine {
  readonly engine: Engine;
  /** The IPTV domain's port, as other domains reach it. */
  readonly iptv: { port(): IptvPort };
  readonly secrets: RecordingSecretStore;
  readonly dataDir: string;
  readonly events: { event: string; payload: unknown }[];
  /** Call as `caller` (shared engines; single-owner engines ignore it). Rejects with the RpcError. */
  call<T = unknown>(method: string, params?: unknown, caller?: Caller): Promise<T>;
  /** Wait until the provider's refresh is over (catalog and EPG), and return it. */
  settled(providerId: string, caller?: Caller): Promise<Provider>;
  close(): Promise<void>;
}

export const ADMIN: Caller = { userId: 'admin-1', isAdmin: true, isApproved: true };
/** Who calls on a single-owner (desktop) engine, through RPC and through the port alike. */
export const ME: Caller = LOCAL_OWNER;

export async function startIptvEngine(
  options: {
    mode?: EngineMode;
    iptv?: IptvModuleOptions;
    now?: () => number;
    secrets?: RecordingSecretStore;
    /** Reopen an engine's folder (the caller removes it); default a fresh temp folder. */
    dataDir?: string;
    /**
     * Every domain, wired as the app wires them (lives + restream runtime, which reaches the IPTV
     * port for channel sources). Default: accounts and IPTV only.
     */
    allDomains?: { runtime?: RestreamRuntimeOptions };
  } = {},
): Promise<IptvTestEngine> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'lm-iptv-'));
  const secrets = options.secrets ?? new RecordingSecretStore();
  const iptvOptions: IptvModuleOptions = {
    epgWorkerFile: await bundledEpgWorker(),
    m3uWorkerFile: await bundledM3uWorker(),
    fetchPolicy: QUICK_POLICY,
    ...options.iptv,
  };
  const modules = options.allDomains
    ? defaultModules({ iptv: iptvOptions, runtime: options.allDomains.runtime })
    : [accountsModule(), iptvModule(iptvOptions)];
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets,
    mode: options.mode ?? 'single-owner',
    ...(options.now ? { now: options.now } : {}),
    modules,
    log: () => undefined,
  });
  const events: { event: string; payload: unknown }[] = [];
  engine.events.subscribe((event, payload) => events.push({ event, payload }));
  const call = async <T>(method: string, params?: unknown, caller: Caller = ADMIN): Promise<T> => {
    const result = await engine.router.call(method, params, { transport: 'local', caller });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  return {
    engine,
    iptv: { port: () => engine.ports.get('iptv') },
    secrets,
    dataDir,
    events,
    call,
    settled: (providerId, caller) =>
      waitFor(
        async () => {
          const provider = await call<Provider>('iptv.getProvider', { providerId }, caller);
          return provider.status.catalog.state !== 'refreshing' ? provider : null;
        },
        { timeoutMs: 60_000, intervalMs: 25, what: `provider ${providerId} to finish refreshing` },
      ),
    async close() {
      await engine.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolve to the RpcError a promise rejects with (fails if it resolves). */
export async function rpcErrorOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail.');
}
