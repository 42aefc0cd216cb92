import { engineContract, type EngineContract } from '@shared/contract';
import type { AuthStatus } from '@shared/contract/accounts';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../../../engine/rpc/ndjson-channel';
import { attachCommand, type AgentLayout } from './agent-layout';
import { SshConnectionError } from './ssh-errors';
import type { SshSession } from './ssh-session';

export interface AgentChannel {
  readonly client: ChannelClient<EngineContract>;
  /** Who this connection is on the agent before signing in (and whether the agent is shared). */
  readonly status: AuthStatus;
  /** Settles when the exec channel ends (the SSH link dropped, or `serve` went away), with why. */
  readonly ended: Promise<string>;
}

export interface AgentChannelOptions {
  readonly label: string;
  readonly callTimeoutMs?: number;
}

/**
 * Run `livemanager-agent attach` over an SSH exec channel and speak the contract over its stdio.
 * The first call (`auth.status`) proves an agent answers; when the channel ends instead, its exit
 * code and stderr say why: not installed (127), not running (attach's exit 3), or something else.
 */
export async function openAgentChannel(
  session: SshSession,
  layout: AgentLayout,
  options: AgentChannelOptions,
): Promise<AgentChannel> {
  const channel = await session.exec(attachCommand(layout));
  let stderr = '';
  channel.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  let exitCode: number | null = null;
  channel.on('exit', (code: number | null) => (exitCode = code));
  const ended = new Promise<string>((resolve) =>
    channel.once('close', () => resolve(lastLine(stderr) ?? `the agent channel to ${options.label} closed`)),
  );
  const client = createChannelClient(engineContract, ndjsonChannel(channel), {
    peerName: options.label,
    timeoutMs: options.callTimeoutMs ?? 30_000,
  });
  try {
    const status = await client.api.auth.status();
    return { client, status, ended };
  } catch (error) {
    client.close();
    // The exit status arrives just before the channel closes.
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 3000))]);
    throw attachFailure(options.label, layout, exitCode, stderr, error);
  }
}

function attachFailure(label: string, layout: AgentLayout, code: number | null, stderr: string, cause: unknown) {
  const said = lastLine(stderr);
  // 127/126: the shell found no launcher. Under load ssh2 may close the channel before the exit
  // status arrives; the shell's own sentence then says the same.
  const missing = code === null && said !== undefined && /(No such file or directory|command not found|not found)$/.test(said);
  if (code === 127 || code === 126 || missing) {
    return new SshConnectionError(
      'agentNotInstalled',
      `The LiveManager agent is not installed on ${label} (no ${layout.launcher}): install it from the app.`,
      { cause },
    );
  }
  if (code === 3) {
    return new SshConnectionError('agentNotRunning', `The agent on ${label} is not running: ${said ?? 'no serve answers'}.`, {
      cause,
    });
  }
  const why = said ?? (cause instanceof Error ? cause.message : 'no answer');
  return new SshConnectionError('unreachable', `The agent on ${label} did not answer (${why.slice(0, 300)}).`, { cause });
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-1)[0];
}
