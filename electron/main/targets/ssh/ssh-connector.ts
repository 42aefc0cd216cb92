import { RpcError } from '@shared/contract/errors';
import type { SecretStore } from '../../../engine/secrets/secret-store';
import { TargetConnectError, type TargetConnector } from '../targets-service';
import { agentBundlePath } from './agent-bundle';
import type { PreviewProxy } from './preview-proxy';
import { sshSecretIds } from './secret-ids';
import { probeHostKey } from './ssh-session';
import { SshTarget } from './ssh-target';
import { problemOf, summariseState, type SshTargetState } from './ssh-target-state';

export interface SshConnectorOptions {
  /** The app's SecretStore (the OS keychain): agent session tokens are kept there. */
  readonly secrets: SecretStore;
  /** The app's version, which is the version of the agent bundle it ships. */
  readonly appVersion: string;
  /** The app's preview proxy, whose origin the window's CSP names. */
  readonly previews: PreviewProxy;
  /** Default: out/agent/livemanager-agent.mjs beside the main bundle. */
  readonly agentBundle?: string;
  /** The Node.js mirror setting, read when an install needs it. */
  readonly nodeMirror?: () => string | undefined;
}

/** States that wait for the user (re-pin, new credentials, install): the target leaves the registry. */
const NEEDS_USER: ReadonlySet<SshTargetState['kind']> = new Set(['hostKeyChanged', 'authFailed', 'agentNotInstalled']);

/**
 * The TargetsService's connector for VPS agents: an SshTarget per connection. A record without a
 * pinned key is probed and the fingerprint offered to `checkHostKey` (which pins it) before any
 * credential is used. Once connected, the target keeps itself up: drops and reconnects are told
 * with `changed`, and only a state that needs the user ends it with `lost`.
 */
export function sshConnector(options: SshConnectorOptions): TargetConnector & { target(id: string): SshTarget | undefined } {
  const open = new Map<string, SshTarget>();
  return {
    target: (id) => open.get(id),
    async connect(request) {
      const { record } = request;
      let pin = record.hostKeySha256;
      if (!pin) {
        const probed = await probeHostKey({ host: record.host, port: record.port }).catch((error: Error) => {
          throw new RpcError('UNAVAILABLE', error.message);
        });
        if (!request.checkHostKey(probed.fingerprint)) {
          throw new RpcError('UNAVAILABLE', `${record.label} presented a host key that was refused (${probed.fingerprint}).`);
        }
        pin = probed.fingerprint;
      }
      const ids = sshSecretIds(record.id);
      // The SSH password or passphrase comes from the service (it filed it at targets.add).
      const secrets: SecretStore = {
        kind: options.secrets.kind,
        get: (id) => (id === ids.credential ? request.credential() : options.secrets.get(id)),
        set: (id, value) => options.secrets.set(id, value),
        delete: (id) => options.secrets.delete(id),
      };
      const mirror = options.nodeMirror?.();
      const target = new SshTarget({
        id: record.id,
        label: record.label,
        host: record.host,
        port: record.port,
        user: record.user,
        auth: record.auth,
        hostKeySha256: pin,
        secrets,
        secretIds: ids,
        agentBundle: { path: options.agentBundle ?? agentBundlePath(), version: options.appVersion },
        previews: options.previews,
        ...(mirror ? { nodeMirror: mirror } : {}),
      });
      const first = await target.connect();
      if (first.kind !== 'connected' && first.kind !== 'signInRequired') {
        await target.close();
        const reason = summariseState(first).reason ?? `${record.label} could not be reached.`;
        const problem = problemOf(first);
        // A changed host key is offered to the user to accept (both fingerprints shown).
        if (problem?.kind === 'hostKeyChanged') throw new TargetConnectError(reason, problem);
        throw new RpcError('UNAVAILABLE', reason);
      }
      open.set(record.id, target);
      target.onState((state) => {
        if (state.kind === 'closed' || state.kind === 'idle') {
          if (open.get(record.id) === target) open.delete(record.id);
        } else if (NEEDS_USER.has(state.kind)) {
          request.lost(summariseState(state).reason ?? `${record.label} needs attention.`, problemOf(state));
        } else {
          const summary = summariseState(state);
          request.changed(summary.state, summary.reason, problemOf(state));
        }
      });
      return target.asTarget();
    },
  };
}
