import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { SshTarget, type SshTargetOptions } from '../../electron/main/targets/ssh/ssh-target';
import type { SshTargetState } from '../../electron/main/targets/ssh/ssh-target-state';
import { NODE24 } from './node-mirror';
import { waitFor } from './wait-for';
import type { SshdOptions, SshdPeer } from './sshd';
import { startSshd } from './sshd';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const APP_VERSION: string = pkg.version;
export const ADMIN = { email: 'owner@example.com', password: 'a long owner password' };

const bundles = new Map<string, Promise<string>>();
/** The one-file agent built by the real build script, stamped with `version` (once per worker). */
export function agentBundleOf(version: string = APP_VERSION): Promise<string> {
  let bundle = bundles.get(version);
  if (!bundle) {
    bundle = (async () => {
      const dir = path.join(ROOT, 'node_modules/.cache/livemanager-scripts');
      await mkdir(dir, { recursive: true });
      const out = path.join(dir, `livemanager-agent-${version}-${process.pid}.mjs`);
      await promisify(execFile)(
        process.execPath,
        [path.join(ROOT, 'scripts/build-agent.mjs'), '--out', out, '--version', version],
        {
          cwd: ROOT,
        },
      );
      return out;
    })();
    bundles.set(version, bundle);
  }
  return bundle;
}

/** An sshd whose sessions already have Node 24 on their PATH (the installer then uses it). */
export function startVpsWithNode(options: SshdOptions = {}): Promise<SshdPeer> {
  return startSshd({ ...options, pathFirst: [path.dirname(NODE24), ...(options.pathFirst ?? [])] });
}

export interface TestTargetOptions extends Partial<Omit<SshTargetOptions, 'agentBundle'>> {
  readonly bundleVersion?: string;
}

/** An SshTarget for this sshd: key auth, the host key pinned, quick keepalives and retries. */
export async function sshTargetFor(sshd: SshdPeer, options: TestTargetOptions = {}): Promise<SshTarget> {
  const version = options.bundleVersion ?? APP_VERSION;
  return new SshTarget({
    id: 'vps-test',
    label: 'vps-test',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', keyPath: sshd.clientKeyPath },
    hostKeySha256: await sshd.hostKeyFingerprint(),
    secrets: new MemorySecretStore(),
    keepaliveIntervalMs: 2000,
    keepaliveCountMax: 3,
    backoff: { firstMs: 100, maxMs: 2000 },
    ...options,
    agentBundle: { path: await agentBundleOf(version), version },
  });
}

/** Wait until the target reaches `kind`, naming every state it went through when it does not. */
export async function waitForState<K extends SshTargetState['kind']>(
  target: { state(): SshTargetState; onState(l: (s: SshTargetState) => void): () => void },
  kind: K,
  timeoutMs = 60_000,
): Promise<Extract<SshTargetState, { kind: K }>> {
  const seen: string[] = [];
  const off = target.onState((state) => seen.push(state.kind + ('reason' in state && state.reason ? ` (${state.reason})` : '')));
  try {
    return (await waitFor(() => (target.state().kind === kind ? target.state() : null), {
      timeoutMs,
      intervalMs: 25,
      what: () => `state ${kind} (now ${JSON.stringify(target.state())}; seen ${seen.join(' → ')})`,
    })) as Extract<SshTargetState, { kind: K }>;
  } finally {
    off();
  }
}

/** Run `cut`, then wait until the target noticed it (left `connected`) and came back to `connected`. */
export async function reconnectsAfter(
  target: { state(): SshTargetState; onState(l: (s: SshTargetState) => void): () => void },
  cut: () => unknown,
  timeoutMs = 60_000,
): Promise<void> {
  let left = false;
  const off = target.onState((state) => {
    if (state.kind !== 'connected') left = true;
  });
  try {
    await cut();
    await waitFor(() => left, { timeoutMs, what: 'the target to notice the cut' });
    await waitForState(target, 'connected', timeoutMs);
  } finally {
    off();
  }
}
