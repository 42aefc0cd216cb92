import type { AppContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import type { ChannelClient } from '@shared/rpc/channel-client';
import { AgentNotRunningError, connectAsOwner } from './agent-connection';
import { EXIT, type Io } from './command';

/**
 * Run `work` with a client connected as the machine's owner, and turn what can go wrong into a
 * sentence on stderr and an exit code: not running → 3, a refused call → 1.
 */
export async function withOwnerClient(
  dataDir: string,
  io: Io,
  commandName: string,
  work: (client: ChannelClient<AppContract>) => Promise<number>,
): Promise<number> {
  let client: ChannelClient<AppContract>;
  try {
    client = await connectAsOwner(dataDir);
  } catch (error) {
    io.err(`${commandName}: ${(error as Error).message}`);
    return error instanceof AgentNotRunningError ? EXIT.unavailable : EXIT.failed;
  }
  try {
    return await work(client);
  } catch (error) {
    const message = error instanceof RpcError || error instanceof Error ? error.message : String(error);
    io.err(`${commandName}: ${message}`);
    return EXIT.failed;
  } finally {
    client.close();
  }
}
