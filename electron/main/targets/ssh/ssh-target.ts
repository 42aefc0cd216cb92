import path from 'node:path';
import { engineContract } from '@shared/contract';
import { RpcError, isRpcError } from '@shared/contract/errors';
import type { RpcResult } from '@shared/rpc/router';
import { absoluteLayout } from './agent-layout';
import type { User } from '@shared/contract/accounts';
import type { Credentials, SignedIn } from './agent-sign-in';
import {
  inspectAgent,
  installAgent,
  uninstallAgent,
  type AgentInspection,
  type InstallReport,
  type InstallStep,
} from './install/agent-installer';
import { PreviewProxy } from './preview-proxy';
import { uploadWithResume, type ResumableUploadOptions } from './resumable-upload';
import type { UploadResult } from './sftp-upload';
import { SshTargetConnection, type Resynced, type SshTargetConnectionOptions } from './ssh-target-connection';
import type { SshTargetState } from './ssh-target-state';
import type { SshSession } from './ssh-session';
import { remoteTarget } from '../remote-target';
import type { Target } from '../target';

export interface SshTargetOptions extends SshTargetConnectionOptions {
  /** The one-file agent the app ships (out/agent/livemanager-agent.mjs) and its version (the app's). */
  readonly agentBundle: { readonly path: string; readonly version: string };
  /** Where a VPS without a recent Node downloads Node 24 (default nodejs.org; a mirror for offline sites). */
  readonly nodeMirror?: string;
  /** The app's preview proxy, shared by every VPS (its origin is in the window's CSP); default: a private one. */
  readonly previews?: PreviewProxy;
}

export interface UploadRequest extends Omit<ResumableUploadOptions, 'mode'> {
  /** The file's name in the agent's media folder (default: the local file's name). */
  readonly name?: string;
}

/**
 * A VPS agent as the app sees it: the connection (state, a contract client that survives
 * reconnects, sign-in), plus what only SSH can do — install and upgrade the agent, upload media,
 * and bring its loopback preview here. `asTarget()` is what the target registry holds.
 */
export class SshTarget {
  readonly connection: SshTargetConnection;
  readonly #options: SshTargetOptions;
  readonly #previews: PreviewProxy;
  readonly #ownsPreviews: boolean;
  readonly #unroute: () => void;
  #home: string | null = null;

  constructor(options: SshTargetOptions) {
    this.#options = options;
    this.connection = new SshTargetConnection(options);
    this.#ownsPreviews = options.previews === undefined;
    this.#previews = options.previews ?? new PreviewProxy();
    this.#unroute = this.#previews.register(options.id, () => this.connection.currentSession());
  }

  get id(): string {
    return this.connection.id;
  }

  get client(): SshTargetConnection['client'] {
    return this.connection.client;
  }

  state(): SshTargetState {
    return this.connection.state();
  }

  onState(listener: (state: SshTargetState) => void): () => void {
    return this.connection.onState(listener);
  }

  onResynced(listener: (resynced: Resynced) => void): () => void {
    return this.connection.onResynced(listener);
  }

  connect(): Promise<SshTargetState> {
    return this.connection.connect();
  }

  disconnect(): Promise<void> {
    return this.connection.disconnect();
  }

  signIn(credentials: Credentials): Promise<SignedIn> {
    return this.connection.signIn(credentials);
  }

  register(credentials: Credentials): Promise<User> {
    return this.connection.register(credentials);
  }

  signOut(): Promise<void> {
    return this.connection.signOut();
  }

  /** Is the agent there, which version, running, older than the app? */
  inspect(): Promise<AgentInspection> {
    return this.#withSession((session) => inspectAgent(session, this.connection.layout, this.#options.agentBundle.version));
  }

  /**
   * Install, or upgrade when the agent there is older than the app's; then (re)connect. On a
   * connected target the agent restarts: its running lives end `interrupted` (docs/agent.md).
   */
  async install(options: { installFfmpeg?: boolean; onStep?: (step: InstallStep) => void } = {}): Promise<InstallReport> {
    const report = await this.#withSession((session) =>
      installAgent(session, this.connection.layout, {
        bundlePath: this.#options.agentBundle.path,
        bundleVersion: this.#options.agentBundle.version,
        ...(this.#options.nodeMirror ? { nodeMirror: this.#options.nodeMirror } : {}),
        ...options,
      }),
    );
    const kind = this.connection.state().kind;
    if (kind !== 'connected' && kind !== 'signInRequired' && kind !== 'connecting') await this.connection.connect();
    return report;
  }

  /** Stop the agent and remove it; its data folder (lives, accounts, secrets) only with `removeData`. */
  async uninstall(options: { removeData?: boolean } = {}): Promise<void> {
    await this.connection.disconnect();
    await this.#withSession((session) => uninstallAgent(session, this.connection.layout, options));
  }

  /** Send a media file to the agent's media folder, resuming across cuts, verified by SHA-256. */
  async upload(localPath: string, request: UploadRequest = {}): Promise<UploadResult & { attempts: number }> {
    const name = mediaName(request.name ?? path.basename(localPath));
    const home = await this.#remoteHome();
    const remotePath = path.posix.join(absoluteLayout(this.connection.layout, home).mediaDir, name);
    return uploadWithResume(() => this.connection.openSession(), localPath, remotePath, {
      ...request,
      backoff: request.backoff ?? this.#options.backoff,
    });
  }

  /** The live's preview as an URL the app plays here (through the SSH tunnel). */
  async previewUrl(liveId: string): Promise<{ url: string; available: boolean }> {
    const remote = await this.connection.client.api.lives.previewUrl({ liveId });
    return { url: await this.#previews.localUrl(this.id, remote.url), available: remote.available };
  }

  /** http://127.0.0.1:<port>/vps/<id>: where this target's previews are served here. */
  async previewBaseUrl(): Promise<string> {
    return `${await this.#previews.origin()}/vps/${this.id}`;
  }

  /** The registry's view: calls and events of the agent, with preview URLs pointing at the tunnel. */
  asTarget(): Target {
    const base = remoteTarget({
      id: this.id,
      label: this.connection.label,
      contract: engineContract,
      client: this.connection.client,
    });
    return {
      ...base,
      call: async (method, params) => {
        if (method === 'auth.login' || method === 'auth.logout') return this.#accountCall(method, params, base);
        if (method !== 'lives.previewUrl') return base.call(method, params);
        const answer = await base.call(method, params);
        if (!answer.ok) return answer;
        const remote = answer.value as { url: string; available: boolean };
        try {
          return { ok: true, value: { ...remote, url: await this.#previews.localUrl(this.id, remote.url) } };
        } catch (error) {
          return { ok: false, error: new RpcError('UNAVAILABLE', (error as Error).message, { method }).toPayload() };
        }
      },
      close: async () => {
        await base.close();
        await this.close();
      },
    };
  }

  /**
   * Signing in or out from the renderer goes through the connection, so the session token is
   * kept here (in the keychain, bound again after each reconnect) and never reaches the renderer:
   * it gets the session with an empty token.
   */
  async #accountCall(method: 'auth.login' | 'auth.logout', params: unknown, base: Target): Promise<RpcResult> {
    try {
      if (method === 'auth.logout') {
        await this.connection.signOut();
        return { ok: true, value: {} };
      }
      const input = params as Partial<Credentials> | null | undefined;
      if (typeof input?.email !== 'string' || typeof input.password !== 'string') return base.call(method, params);
      const signedIn = await this.connection.signIn({ email: input.email, password: input.password });
      return { ok: true, value: { token: '', ...signedIn } };
    } catch (error) {
      const typed = isRpcError(error) ? error : new RpcError('UNAVAILABLE', `${this.connection.label} could not run ${method}.`);
      return { ok: false, error: typed.toPayload() };
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
    this.#unroute();
    if (this.#ownsPreviews) await this.#previews.close();
  }

  async #withSession<T>(work: (session: SshSession) => Promise<T>): Promise<T> {
    const session = await this.connection.openSession();
    try {
      return await work(session);
    } finally {
      session.close();
    }
  }

  async #remoteHome(): Promise<string> {
    this.#home ??= await this.#withSession(async (session) => {
      const home = (await session.run('printf %s "$HOME"')).stdout;
      if (!home.startsWith('/')) throw new Error('The SSH session has no HOME folder.');
      return home;
    });
    return this.#home;
  }
}

/** A file name for the media folder: no folders, no hidden files, no control characters. */
export function mediaName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 200 || /[/\\\x00-\x1f\x7f]/.test(name) || name.startsWith('.') || name.endsWith('.part')) {
    throw new Error(`"${raw.slice(0, 80)}" cannot be a media file name on the agent (no folders, hidden or .part names).`);
  }
  return name;
}
