import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DoctorReport } from '../../../../agent/doctor';
import { absoluteLayout, type AgentLayout } from '../agent-layout';
import { remoteSha256 } from '../remote-sha256';
import { uploadFile } from '../sftp-upload';
import { sftpOps } from '../sftp-ops';
import { shellQuote } from '../shell-quote';
import type { SshSession } from '../ssh-session';
import { ffmpegOffer, runFfmpegInstall, type FfmpegOffer } from './ffmpeg-offer';
import { ensureNode, type NodeRuntime } from './node-runtime';
import { detectPlatform, type RemotePlatform } from './remote-platform';
import { currentMode, readAgentStatus, removeService, restartAgent, startAgent, type ServiceMode } from './service-control';
import { compareVersions } from './versions';

export type InstallStepName = 'detect' | 'node' | 'upload' | 'service' | 'verify' | 'ffmpeg';
export interface InstallStep {
  readonly name: InstallStepName;
  readonly detail: string;
}

export interface InstallOptions {
  /** The one-file agent shipped with the app (out/agent/livemanager-agent.mjs). */
  readonly bundlePath: string;
  /** Its version: the app's own. */
  readonly bundleVersion: string;
  /** Where the VPS downloads a private Node 24 when it needs one (default nodejs.org). */
  readonly nodeMirror?: string;
  /** The user agreed to install FFmpeg with the package manager (sudo) when it is missing. */
  readonly installFfmpeg?: boolean;
  readonly onStep?: (step: InstallStep) => void;
}

export interface InstallReport {
  readonly action: 'installed' | 'upgraded' | 'unchanged';
  readonly previousVersion: string | null;
  readonly version: string;
  readonly node: NodeRuntime;
  readonly service: ServiceMode;
  readonly platform: RemotePlatform;
  /** `doctor --json` on the VPS after the install. */
  readonly doctor: DoctorReport;
  readonly ffmpeg: { readonly found: true } | { readonly found: false; readonly offer: FfmpegOffer };
  readonly warnings: readonly string[];
}

export interface AgentInspection {
  readonly installed: boolean;
  readonly version: string | null;
  readonly running: boolean;
  /** The agent there is older than the app's: offer the upgrade. */
  readonly upgradeAvailable: boolean;
}

/** What is on the VPS now, to offer install or upgrade. */
export async function inspectAgent(session: SshSession, layout: AgentLayout, appVersion: string): Promise<AgentInspection> {
  const platform = await detectPlatform(session);
  const abs = absoluteLayout(layout, platform.home);
  const version = await installedVersion(session, abs);
  const status = version === null ? null : await readAgentStatus(session, abs).catch(() => null);
  return {
    installed: version !== null,
    version,
    running: status?.running === true,
    upgradeAvailable: version !== null && compareVersions(version, appVersion) < 0,
  };
}

/**
 * Install or upgrade the agent over SSH, then prove it works: platform, Node (system or private),
 * the bundle over SFTP (verified, renamed into place), the launcher, the service (systemd or the
 * detached fallback), `doctor --json`, and FFmpeg (offered, or installed when the user agreed).
 * Running it again on an up-to-date agent changes nothing.
 */
export async function installAgent(session: SshSession, layout: AgentLayout, options: InstallOptions): Promise<InstallReport> {
  const step = (name: InstallStepName, detail: string): void => options.onStep?.({ name, detail });
  const warnings: string[] = [];
  step('detect', 'Reading the system of the VPS');
  const platform = await detectPlatform(session);
  const abs = absoluteLayout(layout, platform.home);
  await mustRun(
    session,
    `mkdir -p ${shellQuote(`${abs.dir}/bin`)} && chmod 700 ${shellQuote(abs.dir)}`,
    'create the agent folder',
  );

  step('node', 'Checking Node.js');
  const node = await ensureNode(session, platform, abs, options.nodeMirror);
  if (node.source === 'installed') step('node', `Installed Node ${node.version} in ${abs.nodeDir}`);

  const previousVersion = await installedVersion(session, abs);
  const before = previousVersion === null ? null : await readAgentStatus(session, abs).catch(() => null);
  const newer = previousVersion !== null && compareVersions(previousVersion, options.bundleVersion) > 0;
  let uploaded = false;
  if (newer) {
    warnings.push(
      `The agent on this VPS (${previousVersion}) is newer than this app (${options.bundleVersion}): update the app; the agent was left as it is.`,
    );
  } else if (!(await sameFile(session, abs.bundle, options.bundlePath))) {
    step('upload', `Sending the agent ${options.bundleVersion}`);
    await uploadFile(session, options.bundlePath, abs.bundle, { mode: 0o700 });
    uploaded = true;
  }
  const launcherChanged = await writeLauncher(session, abs, node.path);

  step('service', before?.running ? 'Restarting the agent' : 'Starting the agent');
  let service: ServiceMode;
  if (before?.running && !uploaded && !launcherChanged) service = await currentMode(session, platform);
  else if (before?.running) service = await restartAgent(session, platform, abs);
  else service = await startAgent(session, platform, abs);
  if (service === 'background') {
    warnings.push(
      'systemd does not run on this VPS: the agent was started in the background and will not come back by itself ' +
        'after a reboot or a crash. Start it again from the app, or run `livemanager-agent serve` under your init system.',
    );
  }

  step('verify', 'Checking the agent (doctor)');
  let doctor = await runDoctor(session, abs);
  let ffmpeg: InstallReport['ffmpeg'] = doctorSaysFfmpeg(doctor)
    ? { found: true }
    : { found: false, offer: ffmpegOffer(platform) };
  if (!ffmpeg.found && options.installFfmpeg) {
    step('ffmpeg', `Installing FFmpeg: ${ffmpeg.offer.command ?? ''}`);
    await runFfmpegInstall(session, platform);
    doctor = await runDoctor(session, abs);
    ffmpeg = doctorSaysFfmpeg(doctor) ? { found: true } : ffmpeg;
  }
  const version = (await installedVersion(session, abs)) ?? options.bundleVersion;
  const action = uploaded ? (previousVersion === null ? 'installed' : 'upgraded') : 'unchanged';
  return { action, previousVersion, version, node, service, platform, doctor, ffmpeg, warnings };
}

/** Stop the agent and remove its program (and, if asked, its data: lives, accounts, secrets). */
export async function uninstallAgent(session: SshSession, layout: AgentLayout, options: { removeData?: boolean } = {}) {
  const platform = await detectPlatform(session);
  const abs = absoluteLayout(layout, platform.home);
  if ((await installedVersion(session, abs)) !== null) await removeService(session, platform, abs);
  const targets = options.removeData ? [abs.dir] : [`${abs.dir}/bin`, abs.nodeDir, `${abs.nodeDir}.new`];
  await mustRun(session, `rm -rf -- ${targets.map(shellQuote).join(' ')}`, 'remove the agent');
}

async function installedVersion(session: SshSession, abs: AgentLayout): Promise<string | null> {
  const result = await session.run(`${shellQuote(abs.launcher)} version --json`, { timeoutMs: 30_000 });
  if (result.code !== 0) return null;
  try {
    const parsed = JSON.parse(result.stdout) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : null;
  } catch {
    return null;
  }
}

/**
 * Whether the VPS already has this exact file. Asked over SFTP (stat, then the hash, which falls
 * back to reading the file over SFTP): an exec'd `test -f` that failed for another reason (a
 * session that could not start on a loaded VPS) read as "missing", and an up-to-date agent was
 * sent again and reported `upgraded` (tests/ssh/install.test.ts, in loaded full runs).
 */
async function sameFile(session: SshSession, remote: string, local: string): Promise<boolean> {
  const bytes = await readFile(local);
  const there = await sftpOps(await session.sftp()).stat(remote);
  if (there === null || !there.isFile() || there.size !== bytes.length) return false;
  return (await remoteSha256(session, remote)) === createHash('sha256').update(bytes).digest('hex');
}

/** The launcher pins the Node and the folder; returns whether it changed. */
async function writeLauncher(session: SshSession, abs: AgentLayout, nodePath: string): Promise<boolean> {
  const text = [
    '#!/bin/sh',
    '# The LiveManager agent on this VPS, written by the LiveManager app: its Node, its file, its data folder.',
    `LIVEMANAGER_AGENT_DIR=\${LIVEMANAGER_AGENT_DIR:-${shellQuote(abs.dir)}}`,
    'export LIVEMANAGER_AGENT_DIR',
    `exec ${shellQuote(nodePath)} ${shellQuote(abs.bundle)} "$@"`,
    '',
  ].join('\n');
  const current = await session.run(`cat ${shellQuote(abs.launcher)} 2>/dev/null`);
  if (current.code === 0 && current.stdout === text) return false;
  const sftp = await session.sftp();
  const ops = sftpOps(sftp);
  const part = `${abs.launcher}.part`;
  await new Promise<void>((resolve, reject) =>
    sftp.writeFile(part, text, { mode: 0o700 }, (error) => (error ? reject(error) : resolve())),
  );
  await ops.chmod(part, 0o700);
  await ops.replace(part, abs.launcher);
  return true;
}

async function runDoctor(session: SshSession, abs: AgentLayout): Promise<DoctorReport> {
  const result = await session.run(`${shellQuote(abs.launcher)} doctor --json`, { timeoutMs: 120_000 });
  try {
    return JSON.parse(result.stdout) as DoctorReport;
  } catch {
    throw new Error(
      `The agent's doctor did not answer: ${result.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${result.code}`}.`,
    );
  }
}

function doctorSaysFfmpeg(doctor: DoctorReport): boolean {
  return doctor.checks.some((check) => check.name === 'ffmpeg' && check.status !== 'fail');
}

async function mustRun(session: SshSession, command: string, what: string): Promise<void> {
  const result = await session.run(command, { timeoutMs: 60_000 });
  // The last line: what failed. Earlier ones may be a login script's chatter (or a debug sshd's).
  if (result.code !== 0)
    throw new Error(`Could not ${what} on the VPS: ${result.stderr.trim().split('\n').at(-1) || `exit ${result.code}`}.`);
}
