import type { EngineMode } from '@shared/contract/accounts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { CallContext } from '../../../electron/engine/context';
import { createEngine, type Engine } from '../../../electron/engine/engine';
import type { EngineModule } from '../../../electron/engine/module';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';

/** A real engine in a temp folder with a hand-driven clock, for the accounts and policy tests. */
export interface TestEngine {
  engine: Engine;
  clock: { now: number };
  dataDir: string;
  /** Call through the router as a stream client would; rejects with the RpcError it answered. */
  call(method: string, params: unknown, ctx?: Partial<CallContext>): Promise<unknown>;
  close(): Promise<void>;
}

export async function startTestEngine(options: {
  mode: EngineMode;
  modules?: readonly EngineModule[];
  secrets?: MemorySecretStore;
}): Promise<TestEngine> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lm-accounts-'));
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: options.secrets ?? new MemorySecretStore(),
    mode: options.mode,
    now: () => clock.now,
    ...(options.modules ? { modules: options.modules } : {}),
  });
  return {
    engine,
    clock,
    dataDir,
    async call(method, params, ctx = {}) {
      const result = await engine.router.call(method, params, { transport: 'stream', peer: 'peer-1', ...ctx });
      if (!result.ok) throw RpcError.fromPayload(result.error);
      return result.value;
    },
    async close() {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
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
