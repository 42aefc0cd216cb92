import type { SecretStore } from '../../../engine/secrets/secret-store';
import { agentBundlePath } from './agent-bundle';
import { normaliseFingerprint } from './fingerprint';
import type { SshAuth } from './ssh-auth';
import { SshTarget } from './ssh-target';

/** The fields of a VPS target record the connection needs (shared/contract's SshTargetRecord). */
export interface SshTargetRecordFields {
  readonly id: string;
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly auth: SshAuth;
  /** Pinned at the first connection; null until the user confirmed a probed fingerprint. */
  readonly hostKeySha256: string | null;
}

/** What the desktop app provides to every VPS target. */
export interface SshTargetServices {
  /** The app's SecretStore: the OS keychain. */
  readonly secrets: SecretStore;
  /** The app's version: the agent bundle it ships has the same. */
  readonly appVersion: string;
  /** Where a VPS without a recent Node downloads Node 24 (a setting; default nodejs.org). */
  readonly nodeMirror?: string;
  /** Default: out/agent/livemanager-agent.mjs beside the main bundle. */
  readonly agentBundle?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** An SshTarget for a stored record. A record without a pinned host key cannot connect. */
export function createSshTarget(record: SshTargetRecordFields, services: SshTargetServices): SshTarget {
  if (!record.hostKeySha256) {
    throw new Error(`${record.label} has no confirmed host key yet: probe it and let the user confirm the fingerprint.`);
  }
  return new SshTarget({
    id: record.id,
    label: record.label,
    host: record.host,
    port: record.port,
    user: record.user,
    auth: record.auth,
    hostKeySha256: normaliseFingerprint(record.hostKeySha256),
    secrets: services.secrets,
    agentBundle: { path: services.agentBundle ?? agentBundlePath(), version: services.appVersion },
    ...(services.nodeMirror ? { nodeMirror: services.nodeMirror } : {}),
    ...(services.env ? { env: services.env } : {}),
  });
}
