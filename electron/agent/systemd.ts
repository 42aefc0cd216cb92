import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAME } from './paths';

/** A user unit (the agent's own user, kept running by linger) or a system unit (root). */
export type ServiceScope = 'user' | 'system';

/** sd_booted(): systemd is PID 1 when this folder exists. */
export function systemdRunning(): boolean {
  return existsSync('/run/systemd/system');
}

/** root installs a system unit; anyone else a user unit. */
export function defaultScope(): ServiceScope {
  return process.getuid?.() === 0 ? 'system' : 'user';
}

export function unitDirOf(scope: ServiceScope, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'system') return '/etc/systemd/system';
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'systemd', 'user');
}

export function unitFileOf(scope: ServiceScope, unitDir?: string): string {
  return path.join(unitDir ?? unitDirOf(scope), SERVICE_NAME);
}

/** `systemctl [--user] …` */
export function systemctlArgs(scope: ServiceScope, ...args: string[]): string[] {
  return scope === 'user' ? ['--user', ...args] : args;
}

/**
 * The commands that enable and start the unit, in order. A user unit also gets linger: without it
 * a user's services stop when they log out and do not start at boot.
 */
export function serviceStartSteps(scope: ServiceScope, user: string): { file: string; args: string[] }[] {
  return [
    { file: 'systemctl', args: systemctlArgs(scope, 'daemon-reload') },
    { file: 'systemctl', args: systemctlArgs(scope, 'enable', '--now', SERVICE_NAME) },
    ...(scope === 'user' ? [{ file: 'loginctl', args: ['enable-linger', user] }] : []),
  ];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a tool with an argument array (no shell); a missing tool is code 127, not a throw. */
export function runTool(file: string, args: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : error.code === 'ENOENT' ? 127 : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export type ServiceState =
  | { readonly kind: 'no-systemd' }
  | { readonly kind: 'not-installed'; readonly scope: ServiceScope }
  | { readonly kind: 'installed'; readonly scope: ServiceScope; readonly unitFile: string; readonly active: string };

/** Where the unit is (user first, then system) and what systemd says about it. */
export async function serviceState(env: NodeJS.ProcessEnv = process.env): Promise<ServiceState> {
  for (const scope of ['user', 'system'] as const) {
    const unitFile = unitFileOf(scope, unitDirOf(scope, env));
    if (!existsSync(unitFile)) continue;
    if (!systemdRunning()) return { kind: 'installed', scope, unitFile, active: 'unknown (systemd is not running)' };
    const result = await runTool('systemctl', systemctlArgs(scope, 'is-active', SERVICE_NAME), 10_000);
    return { kind: 'installed', scope, unitFile, active: result.stdout.trim() || 'unknown' };
  }
  return systemdRunning() ? { kind: 'not-installed', scope: defaultScope() } : { kind: 'no-systemd' };
}

export function describeService(state: ServiceState): string {
  switch (state.kind) {
    case 'no-systemd':
      return 'systemd is not running on this machine: no service installed';
    case 'not-installed':
      return `not installed (\`livemanager-agent install-service\` writes a ${state.scope} unit)`;
    case 'installed':
      return `${state.scope} unit ${state.unitFile}: ${state.active}`;
  }
}
