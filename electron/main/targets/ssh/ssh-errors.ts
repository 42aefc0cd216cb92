/**
 * Why an SSH connection could not be made, in words a streamer understands, with whether trying
 * again later can help. Messages never carry a password, passphrase or token.
 */
export type SshFailureKind =
  /** The server presented another host key than the pinned one: nothing was sent. */
  | 'hostKeyChanged'
  /** The server refused our credentials, or the key/passphrase/agent could not be used. */
  | 'authFailed'
  /** Network: refused, unreachable, unknown name, timed out, dropped, keepalive lost. */
  | 'unreachable'
  /** SSH works but no agent is installed there (the app offers to install it). */
  | 'agentNotInstalled'
  /** SSH works, the agent is installed, but no `serve` answers (it may be restarting). */
  | 'agentNotRunning';

const RETRYABLE: Record<SshFailureKind, boolean> = {
  hostKeyChanged: false,
  authFailed: false,
  unreachable: true,
  agentNotInstalled: false,
  agentNotRunning: true,
};

export class SshConnectionError extends Error {
  readonly kind: SshFailureKind;
  constructor(kind: SshFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SshConnectionError';
    this.kind = kind;
  }

  get retryable(): boolean {
    return RETRYABLE[this.kind];
  }
}

export class HostKeyChangedError extends SshConnectionError {
  readonly expected: string;
  readonly presented: string;
  readonly keyType: string;
  constructor(where: string, expected: string, presented: string, keyType: string) {
    super(
      'hostKeyChanged',
      `WARNING: the host key of ${where} has changed. Expected ${expected}, the server presented ${presented} ` +
        `(${keyType}). Nothing was sent to it — no password, no key, no command. Someone may be intercepting the ` +
        'connection, or the server was reinstalled. If you reinstalled it, check the new fingerprint on the server ' +
        'itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before pinning it again.',
    );
    this.name = 'HostKeyChangedError';
    this.expected = expected;
    this.presented = presented;
    this.keyType = keyType;
  }
}

/** ssh2 reports failures as errors with a `level` (client-socket, client-timeout, client-authentication…). */
export function classifySshError(error: unknown, where: string): SshConnectionError {
  if (error instanceof SshConnectionError) return error;
  const err = error as { message?: string; level?: string; code?: string } | undefined;
  const message = err?.message ?? String(error);
  const code = err?.code;
  if (err?.level === 'client-authentication') {
    return new SshConnectionError(
      'authFailed',
      `${where} refused the sign-in (${message.replace(/\.$/, '')}). Check the user name and the key, password or ssh-agent.`,
      { cause: error },
    );
  }
  if (err?.level === 'client-timeout') {
    return new SshConnectionError('unreachable', `${where} did not complete the SSH handshake in time.`, { cause: error });
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing accepts SSH connections on that port',
    ENOTFOUND: 'the host name is unknown',
    EAI_AGAIN: 'the host name could not be resolved (no DNS?)',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    ETIMEDOUT: 'the connection timed out',
    ECONNRESET: 'the connection was reset',
    EPIPE: 'the connection was cut',
  };
  const reason = (code && reasons[code]) ?? message;
  return new SshConnectionError('unreachable', `Cannot reach ${where}: ${reason}.`, { cause: error });
}
