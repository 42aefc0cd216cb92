import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execArg } from '../../electron/agent/service-unit';
import { serviceStartSteps } from '../../electron/agent/systemd';
import { agentBundle, runAgent } from '../support/agent-process';

/** `systemd-analyze [--user] verify`: no systemd runs here, so the user manager needs a runtime dir. */
function verify(unitFile: string, scope: 'system' | 'user', runtimeDir: string): Promise<{ code: number; output: string }> {
  const args = [...(scope === 'user' ? ['--user'] : []), 'verify', unitFile];
  return new Promise((resolve) => {
    execFile('systemd-analyze', args, { env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

describe('livemanager-agent install-service: the systemd unit', { timeout: 60_000 }, () => {
  let agentJs: string;
  let root: string;
  let runtimeDir: string;
  beforeAll(async () => {
    if (!existsSync('/usr/bin/systemd-analyze'))
      throw new Error('systemd-analyze is missing: install the Debian systemd package (.ci/run does).');
    agentJs = await agentBundle();
    root = await mkdtemp(path.join(tmpdir(), 'lm-unit-'));
    runtimeDir = path.join(root, 'runtime');
    await mkdir(runtimeDir, { mode: 0o700 });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('systemd-analyze verify works here and catches a broken unit (so a pass below means something)', async () => {
    const broken = path.join(root, 'broken.service');
    await writeFile(broken, '[Service]\nExecStart=/nonexistent/node serve\nRestart=sometimes\n');
    const result = await verify(broken, 'system', runtimeDir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Failed to parse service restart specifier/);
    expect(result.output).toMatch(/\/nonexistent\/node is not executable/);
  });

  it.each(['system', 'user'] as const)('writes a %s unit that passes systemd-analyze verify', async (scope) => {
    const unitDir = path.join(root, scope);
    const dataDir = path.join(root, `data dir with 100% $HOME`);
    const result = await runAgent(agentJs, [
      'install-service',
      `--${scope}`,
      '--no-start',
      '--unit-dir',
      unitDir,
      '--data-dir',
      dataDir,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const unitFile = path.join(unitDir, 'livemanager-agent.service');
    expect(result.stdout).toContain(`Wrote the ${scope} unit ${unitFile}.`);
    const unit = await readFile(unitFile, 'utf8');
    const lines = unit.split('\n');
    for (const line of [
      'Restart=on-failure',
      'KillMode=control-group',
      'StandardOutput=journal',
      'StandardError=journal',
      'SyslogIdentifier=livemanager-agent',
      scope === 'system' ? 'WantedBy=multi-user.target' : 'WantedBy=default.target',
    ]) {
      expect(lines).toContain(line);
    }
    // This Node, this very file, serve, the data folder: quoted and escaped for systemd.
    expect(lines).toContain(`ExecStart=${process.execPath} ${agentJs} serve --data-dir "${root}/data dir with 100%% $$HOME"`);
    expect(await verify(unitFile, scope, runtimeDir)).toEqual({ code: 0, output: '' });
  });

  it('enables and starts the unit, and gives a user unit linger so it runs at boot with nobody logged in', () => {
    expect(serviceStartSteps('system', 'root')).toEqual([
      { file: 'systemctl', args: ['daemon-reload'] },
      { file: 'systemctl', args: ['enable', '--now', 'livemanager-agent.service'] },
    ]);
    expect(serviceStartSteps('user', 'streamer')).toEqual([
      { file: 'systemctl', args: ['--user', 'daemon-reload'] },
      { file: 'systemctl', args: ['--user', 'enable', '--now', 'livemanager-agent.service'] },
      { file: 'loginctl', args: ['enable-linger', 'streamer'] },
    ]);
  });

  it('quotes what systemd would split or expand', () => {
    expect(execArg('/usr/bin/node')).toBe('/usr/bin/node');
    expect(execArg('/opt/Live Manager/agent.mjs')).toBe('"/opt/Live Manager/agent.mjs"');
    expect(execArg('/data/100%')).toBe('"/data/100%%"');
    expect(execArg('/data/$USER')).toBe('"/data/$$USER"');
    expect(execArg('/a"b\\c')).toBe('"/a\\"b\\\\c"');
    expect(() => execArg('/a\nb')).toThrow(/control characters/);
  });

  const systemdRunning = existsSync('/run/systemd/system');
  it.skipIf(systemdRunning)('without systemd running, writes the unit but says it could not start it (exit 1)', async () => {
    const unitDir = path.join(root, 'nostart');
    const result = await runAgent(agentJs, [
      'install-service',
      '--user',
      '--unit-dir',
      unitDir,
      '--data-dir',
      path.join(root, 'd'),
    ]);
    expect(result.code).toBe(1);
    expect(existsSync(path.join(unitDir, 'livemanager-agent.service'))).toBe(true);
    expect(result.stderr).toBe(
      'install-service: systemd is not running on this machine (no /run/systemd/system), so the unit was written but not ' +
        'started. Run `livemanager-agent serve` under the init system you use instead.\n',
    );
    const removed = await runAgent(agentJs, ['uninstall-service', '--user', '--unit-dir', unitDir]);
    expect(removed.code).toBe(0);
    expect(existsSync(path.join(unitDir, 'livemanager-agent.service'))).toBe(false);
  });

  it.skipIf(systemdRunning)('logs explains that there is no journal when systemd is not running', async () => {
    const result = await runAgent(agentJs, ['logs']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'logs: there is no systemd journal on this machine (systemd is not running), so the agent logged wherever ' +
        '`serve` was started from: its terminal, or the log of the tool that started it.\n',
    );
  });
});
