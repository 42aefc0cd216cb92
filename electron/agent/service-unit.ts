import type { ServiceScope } from './systemd';

export interface UnitSpec {
  readonly scope: ServiceScope;
  /** Absolute path of the Node binary that runs the agent. */
  readonly nodePath: string;
  /** Absolute path of the agent's one-file bundle (or out/main/agent.js). */
  readonly agentPath: string;
  readonly dataDir: string;
  readonly version: string;
  /** More `serve` flags (the Caddy step's --public-listen/--public-url). */
  readonly serveArgs?: readonly string[];
}

/**
 * The systemd unit of `serve`. Restart=on-failure brings a crashed engine back (its lives recover);
 * KillMode=control-group stops every process of the service with it, each FFmpeg included (they
 * finish their output on SIGTERM as on `q`, and the engine closes their runs); stdout/stderr go to
 * the journal under the identifier `livemanager-agent`. A user unit needs linger to run at boot.
 */
export function renderUnit(spec: UnitSpec): string {
  const exec = [spec.nodePath, spec.agentPath, 'serve', '--data-dir', spec.dataDir, ...(spec.serveArgs ?? [])]
    .map(execArg)
    .join(' ');
  const system = spec.scope === 'system';
  return [
    `# Written by \`livemanager-agent install-service\` (${spec.version}). Run it again after moving the agent;`,
    '# changes made here by hand are overwritten.',
    '[Unit]',
    'Description=LiveManager agent (restreaming engine)',
    // A user manager has no network-online.target; a system unit waits for the network.
    ...(system ? ['Wants=network-online.target', 'After=network-online.target'] : []),
    '',
    '[Service]',
    'Type=exec',
    `ExecStart=${exec}`,
    'Restart=on-failure',
    'RestartSec=5s',
    'KillMode=control-group',
    'TimeoutStopSec=30s',
    'StandardOutput=journal',
    'StandardError=journal',
    'SyslogIdentifier=livemanager-agent',
    'UMask=0077',
    'NoNewPrivileges=yes',
    ...(system ? ['PrivateTmp=yes'] : []),
    '',
    '[Install]',
    `WantedBy=${system ? 'multi-user.target' : 'default.target'}`,
    '',
  ].join('\n');
}

/**
 * One ExecStart word: `%` is a specifier and `$` expands a variable in systemd, so both are
 * doubled; anything with spaces, quotes or backslashes is double-quoted with C escapes.
 */
export function execArg(arg: string): string {
  if ([...arg].some((c) => c < ' ' || c === '\x7f'))
    throw new Error(`A path in the unit cannot contain control characters: ${JSON.stringify(arg)}`);
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_./:@+=,-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
