import type { AgentStatus } from '../../../../agent/status';
import { SERVICE_NAME } from '../../../../agent/paths';
import type { AgentLayout } from '../agent-layout';
import { shellQuote } from '../shell-quote';
import type { SshSession } from '../ssh-session';
import type { RemotePlatform } from './remote-platform';

/**
 * How `serve` runs on the VPS: a systemd unit written by the agent's own `install-service` (system
 * unit as root, user unit with linger otherwise), or — where systemd does not run (containers,
 * some VPS images) — a detached `serve` (setsid + nohup, output in serve.log). The fallback does
 * not come back after a reboot or a crash: the install report says so.
 */
export type ServiceMode = 'systemd' | 'background';

export function canUseSystemd(platform: RemotePlatform): boolean {
  return platform.systemd && (platform.uid === 0 || platform.userSystemd);
}

function unitFile(platform: RemotePlatform): string {
  return platform.uid === 0 ? `/etc/systemd/system/${SERVICE_NAME}` : `${platform.home}/.config/systemd/user/${SERVICE_NAME}`;
}

const systemctl = (platform: RemotePlatform, ...args: string[]): string =>
  ['systemctl', ...(platform.uid === 0 ? [] : ['--user']), ...args].join(' ');

/** `status --json` of the installed agent, or null when it is not installed. */
export async function readAgentStatus(session: SshSession, layout: AgentLayout): Promise<AgentStatus | null> {
  const result = await session.run(`${shellQuote(layout.launcher)} status --json`, { timeoutMs: 30_000 });
  if (result.code === 127 || result.code === 126) return null;
  try {
    return JSON.parse(result.stdout) as AgentStatus;
  } catch {
    throw new Error(`The agent's status could not be read: ${lastLine(result.stderr) || `exit ${result.code}`}.`);
  }
}

/** Which mode runs the agent now: a unit file written by install-service means systemd. */
export async function currentMode(session: SshSession, platform: RemotePlatform): Promise<ServiceMode> {
  if (!canUseSystemd(platform)) return 'background';
  const found = await session.run(`test -f ${shellQuote(unitFile(platform))}`);
  return found.code === 0 ? 'systemd' : 'background';
}

export async function startAgent(session: SshSession, platform: RemotePlatform, layout: AgentLayout): Promise<ServiceMode> {
  let mode: ServiceMode = 'background';
  if (canUseSystemd(platform)) {
    const installed = await session.run(`${shellQuote(layout.launcher)} install-service`, { timeoutMs: 60_000 });
    if (installed.code === 0) mode = 'systemd';
  }
  if (mode === 'background') {
    // Only the simple command goes to the background, every stdio redirected, so nothing holds the
    // channel's pipes and it closes as soon as the shell returns (`a && b &` would background a
    // subshell that keeps them open until serve exits).
    const detach = platform.hasSetsid ? 'setsid nohup' : 'nohup';
    await session.run(
      `cd ${shellQuote(layout.dir)} || exit 1; ${detach} ${shellQuote(layout.launcher)} serve >> ${shellQuote(layout.serveLog)} 2>&1 < /dev/null &`,
      { timeoutMs: 30_000 },
    );
  }
  await waitUntilRunning(session, layout, mode);
  return mode;
}

export async function stopAgent(session: SshSession, platform: RemotePlatform, layout: AgentLayout): Promise<void> {
  if ((await currentMode(session, platform)) === 'systemd') {
    await session.run(systemctl(platform, 'stop', SERVICE_NAME), { timeoutMs: 60_000 });
    return;
  }
  // The lock holds serve's pid; it is checked to be the agent before the signal (a stale pid may be reused).
  const script = [
    `pid=$(cat ${shellQuote(`${layout.dir}/engine.lock`)} 2>/dev/null) || exit 0`,
    'case "$pid" in ""|*[!0-9]*) exit 0;; esac',
    'tr "\\000" " " < "/proc/$pid/cmdline" 2>/dev/null | grep -q "livemanager-agent.* serve" || exit 0',
    'kill -TERM "$pid" 2>/dev/null || exit 0',
    'i=0; while kill -0 "$pid" 2>/dev/null; do i=$((i+1)); if [ $i -ge 300 ]; then kill -KILL "$pid"; break; fi; sleep 0.1; done',
  ].join('\n');
  await session.run(script, { timeoutMs: 60_000 });
}

/** After an upgrade: the new file must be what runs. */
export async function restartAgent(session: SshSession, platform: RemotePlatform, layout: AgentLayout): Promise<ServiceMode> {
  if ((await currentMode(session, platform)) === 'systemd') {
    // install-service rewrites ExecStart (the Node may have changed), then the unit restarts.
    await session.run(`${shellQuote(layout.launcher)} install-service`, { timeoutMs: 60_000 });
    const restarted = await session.run(systemctl(platform, 'restart', SERVICE_NAME), { timeoutMs: 60_000 });
    if (restarted.code !== 0) throw new Error(`systemctl restart failed: ${lastLine(restarted.stderr)}`);
    await waitUntilRunning(session, layout, 'systemd');
    return 'systemd';
  }
  await stopAgent(session, platform, layout);
  return startAgent(session, platform, layout);
}

/** Remove the unit if there is one (stopping it), else stop the detached serve. */
export async function removeService(session: SshSession, platform: RemotePlatform, layout: AgentLayout): Promise<void> {
  if ((await currentMode(session, platform)) === 'systemd') {
    await session.run(`${shellQuote(layout.launcher)} uninstall-service`, { timeoutMs: 60_000 });
  }
  await stopAgent(session, platform, layout);
}

async function waitUntilRunning(session: SshSession, layout: AgentLayout, mode: ServiceMode): Promise<void> {
  const deadline = Date.now() + 45_000;
  let last: AgentStatus | null = null;
  while (Date.now() < deadline) {
    last = await readAgentStatus(session, layout).catch(() => null);
    if (last?.running) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const log =
    mode === 'background'
      ? (await session.run(`tail -n 5 ${shellQuote(layout.serveLog)}`)).stdout.trim()
      : (await session.run(`${shellQuote(layout.launcher)} logs --lines 5`)).stdout.trim();
  throw new Error(`The agent did not start: ${last?.problem ?? 'no answer'}${log ? `\n${log}` : ''}`);
}

function lastLine(text: string): string {
  return text.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
}
