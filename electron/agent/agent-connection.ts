import { createConnection, type Socket } from 'node:net';
import { contract, type AppContract } from '@shared/contract';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';
import { CLI_HELLO, type Hello } from './hello';
import { socketPathOf } from './paths';

/** No `serve` answers on this data folder's socket; `message` says how to start one. */
export class AgentNotRunningError extends Error {
  constructor(dataDir: string, detail: string) {
    super(
      `No LiveManager agent is running on ${dataDir} (${detail}). Start it with \`systemctl --user start livemanager-agent\` ` +
        '(or `sudo systemctl start livemanager-agent` for a system service), or run `livemanager-agent serve`.',
    );
    this.name = 'AgentNotRunningError';
  }
}

/** Open the agent's socket and say hello; the socket then carries the contract as NDJSON. */
export async function connectAgent(dataDir: string, hello: Hello): Promise<Socket> {
  const socketPath = socketPathOf(dataDir);
  const socket = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new AgentNotRunningError(dataDir, `no socket at ${socketPath}`));
      else if (error.code === 'ECONNREFUSED') reject(new AgentNotRunningError(dataDir, `nothing answers on ${socketPath}`));
      else if (error.code === 'EACCES') {
        reject(new Error(`Cannot open ${socketPath}: it belongs to another user. Run this as the user the agent runs as.`));
      } else reject(new Error(`Cannot open ${socketPath}: ${error.message}`));
    });
  });
  socket.write(JSON.stringify(hello) + '\n');
  return socket;
}

/** A contract client for the CLI (the machine's owner, see local-owner.ts). */
export async function connectAsOwner(dataDir: string): Promise<ChannelClient<AppContract>> {
  const socket = await connectAgent(dataDir, CLI_HELLO);
  return createChannelClient(contract, ndjsonChannel(socket), { peerName: 'the agent', timeoutMs: 30_000 });
}
