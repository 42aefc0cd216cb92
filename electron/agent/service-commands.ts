import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CADDY_DETAILS, CADDY_OPTIONS, caddyStepOf, renderCaddyfile, type CaddyStep } from './caddy-step';
import { DATA_DIR_OPTION, EXIT, PROGRAM, UsageError, stringValue, type Command, type Io, type Values } from './command';
import { dataDirOf, SERVICE_NAME } from './paths';
import { renderUnit } from './service-unit';
import {
  defaultScope,
  runTool,
  serviceStartSteps,
  systemctlArgs,
  systemdRunning,
  unitDirOf,
  unitFileOf,
  type ServiceScope,
} from './systemd';

const SCOPE_OPTIONS = { system: { type: 'boolean' }, user: { type: 'boolean' } } as const;
const SCOPE_DETAIL = '  --system | --user  a system unit (default for root) or a user unit with linger (default otherwise)';

function scopeOf(values: Values, command: Command): ServiceScope {
  if (values.system && values.user) throw new UsageError('Choose --system or --user, not both.', command);
  return values.system ? 'system' : values.user ? 'user' : defaultScope();
}

export const installServiceCommand: Command = {
  name: 'install-service',
  usage: [
    `${PROGRAM} install-service [--system | --user] [--data-dir DIR] [--unit-dir DIR] [--no-start] [--domain NAME [--public-port N] [--caddyfile FILE]]`,
  ],
  summary:
    'Write the systemd unit that runs `serve` (Restart=on-failure, journald logging), then enable and start it. ' +
    'A user unit also gets linger, so it runs at boot without anyone logged in.',
  details: [
    SCOPE_DETAIL,
    '  --data-dir DIR     data folder the service uses (default $LIVEMANAGER_AGENT_DIR or ~/.livemanager-agent)',
    '  --unit-dir DIR     write the unit there instead of /etc/systemd/system or ~/.config/systemd/user',
    '  --no-start         only write the unit',
    ...CADDY_DETAILS,
    'The unit runs this very Node and agent file: run it again after moving or upgrading either.',
  ],
  options: {
    ...SCOPE_OPTIONS,
    ...DATA_DIR_OPTION,
    'unit-dir': { type: 'string' },
    'no-start': { type: 'boolean' },
    ...CADDY_OPTIONS,
  },
  async run({ values }, io) {
    const scope = scopeOf(values, installServiceCommand);
    const caddy = caddyStepOf(values, installServiceCommand);
    const agentPath = realpathSync(process.argv[1] ?? '');
    const unit = renderUnit({
      scope,
      nodePath: process.execPath,
      agentPath,
      dataDir: dataDirOf(stringValue(values, 'data-dir'), io.env),
      version: __APP_VERSION__,
      serveArgs: caddy?.serveArgs ?? [],
    });
    const unitDir = stringValue(values, 'unit-dir') ?? unitDirOf(scope, io.env);
    const unitFile = unitFileOf(scope, unitDir);
    try {
      await writeAtomically(unitFile, unit);
    } catch (error) {
      io.err(`install-service: cannot write ${unitFile}: ${(error as Error).message}`);
      return EXIT.failed;
    }
    io.out(`Wrote the ${scope} unit ${unitFile}.`);
    if (caddy && !(await writeCaddyfile(caddy, io))) return EXIT.failed;
    if (values['no-start']) {
      io.out(
        `Start it with: systemctl ${systemctlArgs(scope, 'daemon-reload').join(' ')} && systemctl ${systemctlArgs(scope, 'enable', '--now', SERVICE_NAME).join(' ')}`,
      );
      return EXIT.ok;
    }
    if (!systemdRunning()) {
      io.err(
        'install-service: systemd is not running on this machine (no /run/systemd/system), so the unit was written but not ' +
          'started. Run `livemanager-agent serve` under the init system you use instead.',
      );
      return EXIT.failed;
    }
    for (const { file, args } of serviceStartSteps(scope, os.userInfo().username)) {
      if (!(await step(io, 'install-service', file, args))) return EXIT.failed;
    }
    if (caddy && !(await startCaddy(caddy, io))) return EXIT.failed;
    io.out(`${SERVICE_NAME} is enabled and started. Check it with \`${PROGRAM} status\` and \`${PROGRAM} logs\`.`);
    return EXIT.ok;
  },
};

export const uninstallServiceCommand: Command = {
  name: 'uninstall-service',
  usage: [`${PROGRAM} uninstall-service [--system | --user] [--unit-dir DIR]`],
  summary: 'Stop and disable the service, then remove its unit. The data folder (lives, secrets) is kept.',
  details: [SCOPE_DETAIL, '  --unit-dir DIR     where the unit was written (as given to install-service)'],
  options: { ...SCOPE_OPTIONS, 'unit-dir': { type: 'string' } },
  async run({ values }, io) {
    const scope = scopeOf(values, uninstallServiceCommand);
    const unitFile = unitFileOf(scope, stringValue(values, 'unit-dir') ?? unitDirOf(scope, io.env));
    if (!existsSync(unitFile)) {
      io.err(`uninstall-service: no ${scope} unit at ${unitFile}.`);
      return EXIT.failed;
    }
    if (
      systemdRunning() &&
      !(await step(io, 'uninstall-service', 'systemctl', systemctlArgs(scope, 'disable', '--now', SERVICE_NAME)))
    ) {
      return EXIT.failed;
    }
    await rm(unitFile, { force: true });
    if (systemdRunning()) await step(io, 'uninstall-service', 'systemctl', systemctlArgs(scope, 'daemon-reload'));
    io.out(`Removed ${unitFile}. The data folder is untouched.`);
    return EXIT.ok;
  },
};

async function step(io: Io, command: string, tool: string, args: string[]): Promise<boolean> {
  const result = await runTool(tool, args);
  if (result.code === 0) return true;
  const why = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
  io.err(`${command}: \`${tool} ${args.join(' ')}\` failed: ${why}`);
  return false;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o644 });
  await rename(temp, file);
}

/** The Caddy step's configuration: written beside a working Caddy (`caddy validate` refuses a bad one later). */
async function writeCaddyfile(caddy: CaddyStep, io: Io): Promise<boolean> {
  try {
    await writeAtomically(caddy.caddyfile, renderCaddyfile(caddy, __APP_VERSION__));
  } catch (error) {
    io.err(
      `install-service: cannot write ${caddy.caddyfile}: ${(error as Error).message} (the Caddy step needs root: --system).`,
    );
    return false;
  }
  io.out(`Wrote ${caddy.caddyfile}: Caddy serves https://${caddy.domain} in front of 127.0.0.1:${caddy.port}.`);
  return true;
}

/** Debian's Caddy, installed if missing (root), then reloaded with the new configuration. */
async function startCaddy(caddy: CaddyStep, io: Io): Promise<boolean> {
  if (!existsSync('/usr/bin/caddy')) {
    if (process.getuid?.() !== 0) {
      io.err('install-service: Caddy is not installed: run `sudo apt install caddy`, then this again.');
      return false;
    }
    if (!(await step(io, 'install-service', 'apt-get', ['install', '-y', 'caddy']))) return false;
  }
  if (!(await step(io, 'install-service', '/usr/bin/caddy', ['validate', '--config', caddy.caddyfile, '--adapter', 'caddyfile'])))
    return false;
  if (!(await step(io, 'install-service', 'systemctl', ['reload-or-restart', 'caddy']))) return false;
  io.out(`Caddy is serving https://${caddy.domain} (its certificate comes once the name points here and ports 80/443 are open).`);
  return true;
}
