import os from 'node:os';
import path from 'node:path';

/** The systemd unit's name (user or system). */
export const SERVICE_NAME = 'livemanager-agent.service';
/** The RPC socket, inside the data folder (0700), itself 0600. */
export const SOCKET_NAME = 'agent.sock';
/** sun_path is 108 bytes on Linux (104 on macOS), including the final NUL. */
const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/** `--data-dir`, else `$LIVEMANAGER_AGENT_DIR`, else `~/.livemanager-agent`. */
export function dataDirOf(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env.LIVEMANAGER_AGENT_DIR ?? path.join(os.homedir(), '.livemanager-agent'));
}

export function socketPathOf(dataDir: string): string {
  return path.join(dataDir, SOCKET_NAME);
}

/** A socket path the kernel would truncate is refused up front, with the way out. */
export function checkSocketPath(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `The socket path ${socketPath} is ${bytes} bytes, longer than a Unix socket allows (${MAX_SOCKET_PATH_BYTES}): use a shorter --data-dir.`,
    );
  }
}
