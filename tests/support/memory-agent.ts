import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { duplexPair } from 'node:stream';
import { contract } from '@shared/contract';
import { createChannelClient } from '@shared/rpc/channel-client';
import { serveChannel } from '@shared/rpc/channel-server';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { ndjsonChannel } from '../../electron/engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { remoteTarget } from '../../electron/main/targets/remote-target';
import type { Target } from '../../electron/main/targets/target';

export interface MemoryAgent {
  readonly engine: Engine;
  /** A target over NDJSON on an in-memory byte stream, as the app reaches an agent over SSH. */
  readonly target: Target;
  /** The agent side drops the connection (the SSH channel closed). */
  drop(): void;
  close(): Promise<void>;
}

/** A real engine (its own data folder) served over NDJSON, as a VPS agent, for targets tests. */
export async function startMemoryAgent(id: string, appVersion = '9.9.9-agent'): Promise<MemoryAgent> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `lm-agent-${id}-`));
  const engine = await createEngine({ appVersion, dataDir, secrets: new MemorySecretStore(), mode: 'single-owner' });
  const [appSide, agentSide] = duplexPair();
  const server = serveChannel(ndjsonChannel(agentSide), {
    router: engine.router,
    events: engine.events,
    context: { transport: 'stream' },
  });
  const client = createChannelClient(contract, ndjsonChannel(appSide), { peerName: 'the VPS agent', timeoutMs: 20_000 });
  const target = remoteTarget({ id, label: id, contract, client });
  return {
    engine,
    target,
    drop: () => server.close(),
    async close() {
      await target.close();
      server.close();
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
