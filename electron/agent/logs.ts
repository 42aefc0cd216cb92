import { spawn } from 'node:child_process';
import { EXIT, PROGRAM, UsageError, stringValue, type Command } from './command';
import { SERVICE_NAME } from './paths';
import { defaultScope, serviceState, systemdRunning } from './systemd';

export const logsCommand: Command = {
  name: 'logs',
  usage: [`${PROGRAM} logs [--follow] [--lines N]`],
  summary: "Show the service's journal (journalctl): what the engine logged, FFmpeg failures, restarts.",
  details: ['  --follow, -f  keep printing new lines', '  --lines N     how many past lines (default 200)'],
  options: { follow: { type: 'boolean', short: 'f' }, lines: { type: 'string', short: 'n' } },
  async run({ values }, io) {
    const lines = stringValue(values, 'lines') ?? '200';
    if (!/^\d{1,6}$/.test(lines)) throw new UsageError(`--lines takes a number of lines, not "${lines}".`, logsCommand);
    if (!systemdRunning()) {
      io.err(
        'logs: there is no systemd journal on this machine (systemd is not running), so the agent logged wherever ' +
          '`serve` was started from: its terminal, or the log of the tool that started it.',
      );
      return EXIT.failed;
    }
    const state = await serviceState(io.env);
    const scope = state.kind === 'installed' ? state.scope : defaultScope();
    const args = [...(scope === 'user' ? ['--user'] : []), '-u', SERVICE_NAME, '-n', lines, '--no-pager'];
    if (values.follow) args.push('-f');
    return new Promise((resolve) => {
      const child = spawn('journalctl', args, { stdio: 'inherit' });
      child.once('error', () => {
        io.err("logs: journalctl is not installed, so the journal cannot be read (install systemd's journalctl).");
        resolve(EXIT.failed);
      });
      child.once('exit', (code) => resolve(code ?? EXIT.ok));
    });
  },
};
