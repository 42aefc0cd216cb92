import { engineContract, type EngineContract } from '@shared/contract';
import type { User } from '@shared/contract/accounts';
import type { SecretStore } from '../../../engine/secrets/secret-store';
import { openAgentChannel, type AgentChannel } from './agent-channel';
import { agentLayout, type AgentLayout } from './agent-layout';
import { AgentSignIn, type Credentials, type SessionBinding, type SignedIn } from './agent-sign-in';
import { backoffDelay, type BackoffOptions } from './backoff';
import { LivesMirror } from './lives-mirror';
import { reconnectingClient, type ReconnectingClient } from './reconnecting-client';
import { sshSecretIds, type SshSecretIds } from './secret-ids';
import { resolveSshAuth, type SshAuth } from './ssh-auth';
import { HostKeyChangedError, classifySshError, type SshConnectionError } from './ssh-errors';
import { describeEndpoint, openSshSession, type SshEndpoint, type SshSession } from './ssh-session';
import type { SshTargetState } from './ssh-target-state';

export interface SshTargetConnectionOptions extends SshEndpoint {
  readonly id: string;
  /** Shown to the user and in messages: "vps-paris". */
  readonly label: string;
  readonly auth: SshAuth;
  /** The host key confirmed by the user (`SHA256:…`, see probeHostKey). */
  readonly hostKeySha256: string;
  /** The app's secret store (the OS keychain): SSH password or key passphrase, agent session token. */
  readonly secrets: SecretStore;
  readonly secretIds?: SshSecretIds;
  /** The agent's folder on the VPS (default ~/.livemanager-agent). */
  readonly agentDir?: string;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly readyTimeoutMs?: number;
  readonly callTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** For ssh-agent auth (SSH_AUTH_SOCK); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Resynced {
  /** When the previous connection dropped (ms epoch), or null for the first connection. */
  readonly droppedAt: number | null;
  readonly at: number;
  readonly lives: number;
}

/** One live connection: its SSH session and the agent channel over it. */
interface Link {
  readonly session: SshSession;
  readonly agent: AgentChannel;
  signedIn: boolean;
}

const SETTLED: ReadonlySet<SshTargetState['kind']> = new Set([
  'connected',
  'signInRequired',
  'unreachable',
  'agentNotInstalled',
  'hostKeyChanged',
  'authFailed',
  'idle',
  'closed',
]);

/**
 * The app's connection to one VPS agent, kept up for as long as the user wants it: SSH with a
 * pinned host key and keepalives, `attach` on an exec channel, the account's session bound again
 * after every reconnect, and a resync of the lives so the app misses nothing while it was cut.
 * `client` is stable across reconnects (see reconnecting-client.ts) — hand it to remoteTarget().
 * Plain Node: no Electron import, so tests drive it against a real sshd.
 */
export class SshTargetConnection {
  readonly id: string;
  readonly label: string;
  readonly layout: AgentLayout;
  readonly client: ReconnectingClient<EngineContract>;
  readonly #options: SshTargetConnectionOptions;
  readonly #secretIds: SshSecretIds;
  readonly #signIn: AgentSignIn;
  readonly #mirror = new LivesMirror();
  readonly #stateListeners = new Set<(state: SshTargetState) => void>();
  readonly #resyncListeners = new Set<(resynced: Resynced) => void>();
  #settledWaiters: ((state: SshTargetState) => void)[] = [];
  #state: SshTargetState = { kind: 'idle' };
  /** Bumped by every connect/disconnect, so an attempt that finishes late knows it is stale. */
  #generation = 0;
  #link: Link | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #droppedAt: number | null = null;
  /** Why the last connection dropped, shown while reconnecting. */
  #dropReason: string | null = null;

  constructor(options: SshTargetConnectionOptions) {
    this.#options = options;
    this.id = options.id;
    this.label = options.label;
    this.layout = agentLayout(options.agentDir);
    this.#secretIds = options.secretIds ?? sshSecretIds(options.id);
    this.#signIn = new AgentSignIn(options.secrets, this.#secretIds.session, options.label);
    this.client = reconnectingClient(engineContract, {
      peerName: options.label,
      onClose: () => void this.close(),
      onCallError: (error, method) => {
        if (error.code === 'UNAUTHENTICATED' && !method.startsWith('auth.')) void this.#checkSession();
      },
      observe: (event, payload) => this.#mirror.observe(event, payload),
    });
  }

  get endpoint(): string {
    return describeEndpoint(this.#options);
  }

  state(): SshTargetState {
    return this.#state;
  }

  onState(listener: (state: SshTargetState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  onResynced(listener: (resynced: Resynced) => void): () => void {
    this.#resyncListeners.add(listener);
    return () => this.#resyncListeners.delete(listener);
  }

  /**
   * Connect (or retry now after a failure) and answer with the first settled state: connected,
   * signInRequired, unreachable (retries continue in the background), or a failure that needs
   * the user (hostKeyChanged, authFailed, agentNotInstalled).
   */
  connect(): Promise<SshTargetState> {
    if (this.#state.kind === 'closed') return Promise.resolve(this.#state);
    if (this.#state.kind === 'connected' || this.#state.kind === 'signInRequired') return Promise.resolve(this.#state);
    const settled = new Promise<SshTargetState>((resolve) => this.#settledWaiters.push(resolve));
    if (this.#state.kind !== 'connecting') {
      clearTimeout(this.#retryTimer);
      const generation = ++this.#generation;
      void this.#attempt(generation, 0);
    }
    return settled;
  }

  /** Close the connection; the agent's lives keep running. `connect()` opens it again. */
  async disconnect(): Promise<void> {
    if (this.#state.kind === 'closed') return;
    this.#stop('disconnected');
    this.#setState({ kind: 'idle' });
  }

  /** Disconnect for good (the target was removed or the app quits). */
  async close(): Promise<void> {
    if (this.#state.kind === 'closed') return;
    this.#stop('closed');
    this.#setState({ kind: 'closed' });
    this.client.close();
  }

  /**
   * A separate SSH session to the same pinned host, for work that does not go through the agent:
   * installing it, uploads. The caller closes it.
   */
  async openSession(): Promise<SshSession> {
    const auth = await resolveSshAuth(this.#options.auth, {
      credential: () => this.#options.secrets.get(this.#secretIds.credential),
      env: this.#options.env,
    });
    return openSshSession({
      host: this.#options.host,
      port: this.#options.port,
      user: this.#options.user,
      hostKeySha256: this.#options.hostKeySha256,
      auth,
      keepaliveIntervalMs: this.#options.keepaliveIntervalMs,
      keepaliveCountMax: this.#options.keepaliveCountMax,
      readyTimeoutMs: this.#options.readyTimeoutMs,
    });
  }

  /** The SSH session carrying the agent channel now, if connected (the preview tunnel rides it). */
  currentSession(): SshSession | null {
    return this.#link?.session ?? null;
  }

  async signIn(credentials: Credentials): Promise<SignedIn> {
    const signedIn = await this.#signIn.signIn(this.client, credentials);
    await this.#afterSignIn();
    return signedIn;
  }

  async register(credentials: Credentials): Promise<User> {
    const user = await this.#signIn.register(this.client, credentials);
    await this.#afterSignIn();
    return user;
  }

  async signOut(): Promise<void> {
    await this.#signIn.signOut(this.client.connected() ? this.client : null);
    if (this.#link) {
      this.#link.signedIn = false;
      this.#setState({ kind: 'signInRequired', reason: `Signed out of ${this.label}.` });
    }
  }

  async #afterSignIn(): Promise<void> {
    const link = this.#link;
    if (!link) return;
    link.signedIn = true;
    await this.#resync(this.#generation);
    this.#setState({ kind: 'connected' });
  }

  async #attempt(generation: number, attempt: number): Promise<void> {
    const reason = this.#droppedAt === null ? null : this.#dropReason;
    this.#setState({ kind: 'connecting', attempt, ...(reason ? { reason } : {}) });
    let session: SshSession | null = null;
    try {
      session = await this.openSession();
      if (generation !== this.#generation) return session.close();
      const agent = await openAgentChannel(session, this.layout, {
        label: this.label,
        callTimeoutMs: this.#options.callTimeoutMs,
      });
      if (generation !== this.#generation) {
        agent.client.close();
        return session.close();
      }
      const link: Link = { session, agent, signedIn: false };
      this.#link = link;
      session.onClose((why) => this.#dropped(link, why));
      void agent.ended.then((why) => this.#dropped(link, why));
      this.client.use(agent.client);
      const binding: SessionBinding = await this.#signIn.bind(this.client);
      if (generation !== this.#generation) return;
      if (binding.kind === 'signInRequired') {
        this.#setState({ kind: 'signInRequired', reason: binding.reason });
        return;
      }
      link.signedIn = binding.kind === 'signedIn';
      await this.#resync(generation);
      if (generation === this.#generation) this.#setState({ kind: 'connected' });
    } catch (error) {
      if (generation !== this.#generation) return;
      const failure = classifySshError(error, this.endpoint);
      this.#link = null;
      this.client.release(failure.message);
      session?.close();
      this.#fail(generation, attempt, failure);
    }
  }

  #fail(generation: number, attempt: number, failure: SshConnectionError): void {
    if (failure instanceof HostKeyChangedError) {
      this.#setState({
        kind: 'hostKeyChanged',
        reason: failure.message,
        expected: failure.expected,
        presented: failure.presented,
      });
    } else if (failure.kind === 'authFailed') {
      this.#setState({ kind: 'authFailed', reason: failure.message });
    } else if (failure.kind === 'agentNotInstalled') {
      this.#setState({ kind: 'agentNotInstalled', reason: failure.message });
    } else {
      const retryInMs = backoffDelay(attempt, this.#options.backoff);
      this.#setState({ kind: 'unreachable', reason: failure.message, attempt, retryInMs });
      this.#retryTimer = setTimeout(() => {
        if (generation === this.#generation) void this.#attempt(generation, attempt + 1);
      }, retryInMs);
    }
  }

  /** The link went away (SSH cut, keepalives unanswered, serve restarted): release it and retry soon. */
  #dropped(link: Link, why: string): void {
    if (this.#link !== link) return;
    this.#link = null;
    this.#droppedAt = Date.now();
    this.#dropReason = why;
    this.client.release(why);
    link.agent.client.close();
    link.session.close();
    const generation = ++this.#generation;
    this.#setState({ kind: 'connecting', attempt: 0, reason: why });
    const wait = backoffDelay(0, this.#options.backoff);
    this.#retryTimer = setTimeout(() => {
      if (generation === this.#generation) void this.#attempt(generation, 0);
    }, wait);
  }

  async #resync(generation: number): Promise<void> {
    let lives = 0;
    try {
      lives = await this.#mirror.resync(this.client, (event, payload) => this.client.emit(event, payload));
    } catch {
      // An account not approved yet may not list lives: nothing to resync for it.
    }
    if (generation !== this.#generation) return;
    const resynced: Resynced = { droppedAt: this.#droppedAt, at: Date.now(), lives };
    this.#droppedAt = null;
    for (const listener of this.#resyncListeners) listener(resynced);
  }

  /** A call was refused as unauthenticated: if the session is gone, ask the user to sign in. */
  async #checkSession(): Promise<void> {
    const link = this.#link;
    if (!link?.signedIn) return;
    const status = await this.client.api.auth.status().catch(() => null);
    if (!status || status.authenticated || this.#link !== link) return;
    link.signedIn = false;
    await this.#signIn.forget();
    this.#setState({ kind: 'signInRequired', reason: this.#signIn.expiredReason() });
  }

  #stop(why: string): void {
    ++this.#generation;
    clearTimeout(this.#retryTimer);
    const link = this.#link;
    this.#link = null;
    this.#droppedAt = null;
    this.client.release(why);
    link?.agent.client.close();
    link?.session.close();
  }

  #setState(state: SshTargetState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
    if (SETTLED.has(state.kind)) {
      for (const resolve of this.#settledWaiters.splice(0)) resolve(state);
    }
  }
}
