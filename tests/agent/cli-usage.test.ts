import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/agent/commands';
import { agentBundle, runAgent } from '../support/agent-process';

const STACK_FRAME = /^\s+at /m;

describe('livemanager-agent usage', () => {
  let agentJs: string;
  let dataDir: string;
  beforeAll(async () => {
    agentJs = await agentBundle();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the list of commands for --help, -h and help (exit 0), and for no command at all (exit 2)', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = await runAgent(agentJs, args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: livemanager-agent <command> \[options\]\n/);
      for (const command of COMMANDS) expect(result.stdout).toContain(`\n  ${command.name} `);
    }
    const bare = await runAgent(agentJs, []);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: livemanager-agent <command> \[options\]\n/);
  });

  // Every command, from the agent's own table: a new command without help fails here.
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help prints its usage and exits 0', async (name, command) => {
    for (const args of [
      [...name.split(' '), '--help'],
      ['help', ...name.split(' ')],
    ]) {
      const result = await runAgent(agentJs, args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout.startsWith(`Usage: ${command.usage.join('\n       ')}\n`), result.stdout).toBe(true);
      expect(result.stdout).toContain(command.summary);
      expect(result.stderr).toBe('');
    }
  });

  const wrong: [string[], RegExp, string][] = [
    [['frobnicate'], /Unknown command "frobnicate"\./, 'livemanager-agent <command> [options]'],
    [['doctor', '--bogus'], /Unknown option '--bogus'\./, 'livemanager-agent doctor [--json] [--data-dir DIR]'],
    [['live'], /live needs list, start or stop\./, 'livemanager-agent live list [--json] [--data-dir DIR]'],
    [['live', 'restart', 'x'], /Unknown live command "restart"\./, 'livemanager-agent live start <live-id>'],
    [['live', 'start'], /live start needs <live-id>\./, 'livemanager-agent live start <live-id> [--json] [--data-dir DIR]'],
    [['live', 'stop', 'a', 'b'], /live stop does not take "b"\./, 'livemanager-agent live stop <live-id>'],
    [
      ['status', '--data-dir'],
      /Option '--data-dir <value>' argument missing/,
      'livemanager-agent status [--json] [--data-dir DIR]',
    ],
    [['create-admin'], /create-admin needs --email\./, 'livemanager-agent create-admin --email ADDRESS'],
    [['install-service', '--system', '--user'], /Choose --system or --user, not both\./, 'livemanager-agent install-service'],
    [
      ['logs', '--lines', 'many'],
      /--lines takes a number of lines, not "many"\./,
      'livemanager-agent logs [--follow] [--lines N]',
    ],
    [
      ['serve', '--stdio'],
      /serve --stdio is gone: run `serve` as a service and connect with `attach`\./,
      'livemanager-agent serve',
    ],
    [['version', 'extra'], /version does not take "extra"\./, 'livemanager-agent version [--json]'],
  ];
  it.each(wrong)('%j is wrong usage: the reason, the usage line, exit 2, no stack trace', async (args, reason, usage) => {
    const result = await runAgent(agentJs, [...args, ...(args[0] === 'serve' ? ['--data-dir', dataDir] : [])]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [first, second] = result.stderr.split('\n');
    expect(first).toMatch(new RegExp(`^livemanager-agent: ${reason.source}`));
    expect(second).toMatch(/^Usage: livemanager-agent /);
    expect(result.stderr).toContain(usage);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('version prints the version, also as JSON', async () => {
    const text = await runAgent(agentJs, ['version']);
    expect(text.stdout).toMatch(
      new RegExp(
        `^livemanager-agent ${__APP_VERSION__.replace(/\./g, '\\.')} \\(Node\\.js \\d+\\.\\d+\\.\\d+, linux \\w+\\)\\n$`,
      ),
    );
    const json = await runAgent(agentJs, ['version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      version: __APP_VERSION__,
      node: process.versions.node,
      platform: 'linux',
      arch: process.arch,
    });
  });
});
