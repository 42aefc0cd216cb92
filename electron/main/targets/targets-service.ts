import type { HostContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import {
  LOCAL_TARGET_ID,
  type NewSshTarget,
  type SshTargetRecord,
  type TargetProblem,
  type TargetRecord,
  type TargetState,
} from '@shared/contract/host-targets';
import { engineMessage } from '@shared/messages/engine-message';
import type { EventHub } from '@shared/rpc/event-hub';
import type { SecretStore } from '../../engine/secrets/secret-store';
import type { AgentConnection } from '../settings/settings-schema';
import { sshSecretIds } from './ssh/secret-ids';
import type { Target } from './target';
import type { TargetRegistry } from './target-registry';

/** Where the agents the user added are kept (the desktop: the settings file's `agents`). */
export interface TargetConfigStore {
  load(): readonly AgentConnection[];
  save(agents: AgentConnection[]): void;
}

/** What a connector is given to open one agent's connection. */
export interface ConnectRequest {
  readonly record: SshTargetRecord;
  /** The SSH password or key passphrase from the keychain, if one was given at `targets.add`. */
  credential(): Promise<string | null>;
  /**
   * The SHA-256 fingerprint the server presented (`SHA256:…`): true when it is the pinned one,
   * or when none was pinned yet (it is pinned now); false means refuse the connection.
   */
  checkHostKey(fingerprint: string): boolean;
  /** The connection dropped after it was up (network, agent stopped, host key changed). */
  lost(reason: string, problem?: TargetProblem): void;
  /** A connection that keeps itself up (reconnects) says how it is doing while it is registered. */
  changed(state: TargetState, reason?: string, problem?: TargetProblem): void;
}

/** A first connection that failed for a reason the user can act on (a changed host key). */
export class TargetConnectError extends RpcError {
  readonly problem: TargetProblem;
  constructor(message: string, problem: TargetProblem) {
    super('UNAVAILABLE', message);
    this.problem = problem;
  }
}

/** Opens the connection to an agent (SSH, then `livemanager-agent attach`); another piece's job. */
export interface TargetConnector {
  connect(request: ConnectRequest): Promise<Target>;
}

/** Until the SSH client exists: every connection attempt fails with a clear reason. */
export const UNAVAILABLE_CONNECTOR: TargetConnector = {
  connect: () =>
    Promise.reject(new RpcError('UNAVAILABLE', 'Connecting to a VPS agent over SSH is not available in this version yet.')),
};

const MAX_AGENTS = 50;

export interface TargetsServiceOptions {
  registry: TargetRegistry;
  store: TargetConfigStore;
  secrets: SecretStore;
  events: EventHub<HostContract>;
  connector?: TargetConnector;
  log?: (message: string) => void;
}

/**
 * The `targets.*` methods' side in the host: the agents the user added (persisted, credentials in
 * the keychain), their connection state, and the registry calls are routed through. Every change
 * is told as `targets.changed`, every state change also as `target.state`.
 */
export class TargetsService {
  readonly #o: TargetsServiceOptions;
  readonly #connector: TargetConnector;
  readonly #states = new Map<
    string,
    { state: TargetState; lastError?: string | undefined; problem?: TargetProblem | undefined }
  >();

  constructor(options: TargetsServiceOptions) {
    this.#o = options;
    this.#connector = options.connector ?? UNAVAILABLE_CONNECTOR;
  }

  list(): TargetRecord[] {
    const local = this.#o.registry.get(LOCAL_TARGET_ID);
    const records: TargetRecord[] = [];
    if (local) records.push({ kind: 'local', id: LOCAL_TARGET_ID, label: local.label, state: 'connected' });
    return [...records, ...this.#o.store.load().map((agent) => this.#record(agent))];
  }

  async add(input: NewSshTarget): Promise<SshTargetRecord> {
    const agents = [...this.#o.store.load()];
    if (agents.length >= MAX_AGENTS) {
      throw new RpcError('LIMIT_REACHED', `At most ${MAX_AGENTS} agents can be added; remove one first.`);
    }
    const id = uniqueId(input.label, new Set([LOCAL_TARGET_ID, ...agents.map((a) => a.id)]));
    const credentialId = sshSecretIds(id).credential;
    if (input.credential !== undefined) await this.#o.secrets.set(credentialId, input.credential);
    const agent: AgentConnection = {
      id,
      label: input.label,
      host: input.host,
      port: input.port,
      username: input.user,
      auth: input.auth.kind,
      keyPath: input.auth.kind === 'key' ? input.auth.keyPath : null,
      hostKeySha256: input.hostKeySha256 ?? null,
      credentialRef: input.credential !== undefined ? `secret:${credentialId}` : null,
      sessionTokenRef: null,
    };
    this.#o.store.save([...agents, agent]);
    this.#changed();
    return this.#record(agent);
  }

  async connect(id: string): Promise<TargetRecord> {
    if (id === LOCAL_TARGET_ID) return this.#local();
    const agent = this.#agent(id);
    if (this.#o.registry.get(id)) return this.#record(agent);
    if (this.#states.get(id)?.state === 'connecting') {
      throw new RpcError('INVALID_STATE', `Already connecting to ${agent.label}.`, { method: 'targets.connect' });
    }
    this.#setState(id, 'connecting');
    let target: Target;
    try {
      target = await this.#connector.connect({
        record: this.#record(agent),
        credential: () => (agent.credentialRef ? this.#o.secrets.get(secretIdOf(agent.credentialRef)) : Promise.resolve(null)),
        checkHostKey: (fingerprint) => this.#checkHostKey(id, fingerprint),
        lost: (reason, problem) => void this.#lost(id, reason, problem),
        changed: (state, reason, problem) => {
          if (this.#o.registry.get(id)) this.#setState(id, state, reason, problem);
        },
      });
    } catch (error) {
      const reason = error instanceof RpcError ? error.message : `Could not connect to ${agent.label}.`;
      if (!(error instanceof RpcError)) this.#o.log?.(`connecting to ${id} failed: ${String(error)}`);
      this.#setState(id, 'failed', reason, error instanceof TargetConnectError ? error.problem : undefined);
      throw new RpcError(error instanceof RpcError ? error.code : 'UNAVAILABLE', reason, { method: 'targets.connect' });
    }
    if (target.id !== id) {
      await target.close();
      throw new Error(`The connector answered target "${target.id}" for "${id}".`);
    }
    this.#o.registry.add(target);
    this.#setState(id, 'connected');
    return this.#record(this.#agent(id));
  }

  /**
   * The user compared the pinned and the presented fingerprints and accepts the new one: only the
   * one this target was refused with can be accepted (no blind re-pin), then it connects.
   */
  async acceptHostKey(id: string, presented: string): Promise<TargetRecord> {
    const agent = this.#agent(id);
    const problem = this.#states.get(id)?.problem;
    if (problem?.kind !== 'hostKeyChanged' || problem.presented !== presented) {
      throw RpcError.of('INVALID_STATE', engineMessage('targets.hostKeyNotOffered', { label: agent.label }));
    }
    this.#o.store.save(this.#o.store.load().map((a) => (a.id === id ? { ...a, hostKeySha256: presented } : a)));
    this.#setState(id, 'disconnected');
    return this.connect(id);
  }

  async disconnect(id: string): Promise<TargetRecord> {
    if (id === LOCAL_TARGET_ID) {
      throw new RpcError('INVALID_STATE', 'This computer’s engine runs inside the app: it cannot be disconnected.');
    }
    const agent = this.#agent(id);
    await this.#o.registry.remove(id);
    this.#setState(id, 'disconnected');
    return this.#record(agent);
  }

  async remove(id: string): Promise<{ targetId: string }> {
    if (id === LOCAL_TARGET_ID) throw new RpcError('INVALID_STATE', 'This computer cannot be removed.');
    const agent = this.#agent(id);
    await this.#o.registry.remove(id);
    this.#o.store.save(this.#o.store.load().filter((a) => a.id !== id));
    for (const ref of [agent.credentialRef, agent.sessionTokenRef]) if (ref) await this.#o.secrets.delete(secretIdOf(ref));
    // The agent session token the SSH connector keeps for this target.
    await this.#o.secrets.delete(sshSecretIds(id).session);
    this.#states.delete(id);
    this.#changed();
    return { targetId: id };
  }

  /** Close every agent connection (quitting); the records stay. */
  async disconnectAll(): Promise<void> {
    for (const agent of this.#o.store.load()) if (this.#o.registry.get(agent.id)) await this.disconnect(agent.id);
  }

  #checkHostKey(id: string, fingerprint: string): boolean {
    const agents = this.#o.store.load();
    const agent = agents.find((a) => a.id === id);
    if (!agent) return false;
    if (agent.hostKeySha256 !== null) return agent.hostKeySha256 === fingerprint;
    // First connection: trust and pin it, so a different key later is refused.
    this.#o.store.save(agents.map((a) => (a.id === id ? { ...a, hostKeySha256: fingerprint } : a)));
    this.#changed();
    return true;
  }

  async #lost(id: string, reason: string, problem?: TargetProblem): Promise<void> {
    if (!this.#o.registry.get(id)) return;
    await this.#o.registry.remove(id);
    if (this.#o.store.load().some((a) => a.id === id)) this.#setState(id, 'failed', reason, problem);
  }

  #local(): TargetRecord {
    const local = this.list()[0];
    if (local?.kind !== 'local') throw new RpcError('NOT_FOUND', 'This computer’s engine is not running.');
    return local;
  }

  #agent(id: string): AgentConnection {
    const agent = this.#o.store.load().find((a) => a.id === id);
    if (!agent) throw new RpcError('NOT_FOUND', `No agent with id "${id.slice(0, 64)}".`);
    return agent;
  }

  #record(agent: AgentConnection): SshTargetRecord {
    const status = this.#states.get(agent.id) ?? { state: 'disconnected' as const };
    const record: SshTargetRecord = {
      kind: 'ssh',
      id: agent.id,
      label: agent.label,
      host: agent.host,
      port: agent.port,
      user: agent.username,
      auth: agent.auth === 'key' ? { kind: 'key', keyPath: agent.keyPath ?? '' } : { kind: agent.auth },
      hasCredential: agent.credentialRef !== null,
      hostKeySha256: agent.hostKeySha256,
      state: status.state,
    };
    if (status.lastError !== undefined) record.lastError = status.lastError;
    if (status.problem !== undefined) record.problem = status.problem;
    return record;
  }

  #setState(id: string, state: TargetState, reason?: string, problem?: TargetProblem): void {
    this.#states.set(id, { state, lastError: state === 'failed' ? reason : undefined, problem });
    this.#o.events.emit('target.state', {
      targetId: id,
      state,
      ...(reason !== undefined ? { reason } : {}),
      ...(problem !== undefined ? { problem } : {}),
    });
    this.#changed();
  }

  #changed(): void {
    this.#o.events.emit('targets.changed', { targets: this.list() });
  }
}

function secretIdOf(ref: string): string {
  return ref.replace(/^secret:/, '');
}

/** "Paris VPS" → "paris-vps", then "paris-vps-2" if taken. */
function uniqueId(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'agent';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
