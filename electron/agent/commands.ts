import { attachCommand } from './attach';
import { EXIT, PROGRAM, UsageError, helpOf, parseCommandArgs, type Command, type Io } from './command';
import { doctorCommand } from './doctor';
import { liveListCommand, liveStartCommand, liveStopCommand } from './live-commands';
import { logsCommand } from './logs';
import { serveCommand } from './serve';
import { installServiceCommand, uninstallServiceCommand } from './service-commands';
import { createAdminCommand, versionCommand } from './small-commands';
import { statusCommand } from './status';

/** Every command of livemanager-agent, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  attachCommand,
  statusCommand,
  liveListCommand,
  liveStartCommand,
  liveStopCommand,
  doctorCommand,
  createAdminCommand,
  installServiceCommand,
  uninstallServiceCommand,
  logsCommand,
  versionCommand,
];

/** `live` alone is a group: its usage is its subcommands'. */
const LIVE_GROUP: Command = {
  name: 'live',
  usage: [liveListCommand, liveStartCommand, liveStopCommand].flatMap((c) => c.usage),
  summary: 'List, start and stop lives on the running agent (add --help after a subcommand for details).',
  options: {},
  run: () => Promise.resolve(EXIT.usage),
};

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} <command> --help   for a command's options`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${firstSentence(c.summary)}`),
  ].join('\n');
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end === -1 ? text : text.slice(0, end);
}

/** Which command `args` names, and the arguments left for it. */
function resolve(args: readonly string[]): { command: Command; rest: readonly string[] } | 'help' | null {
  const [first, second, ...more] = args;
  if (first === undefined) return null;
  if (first === 'help' || first === '--help' || first === '-h') {
    if (second === undefined) return 'help';
    const target = resolve([second, ...more]);
    return target && target !== 'help' ? { command: target.command, rest: ['--help'] } : 'help';
  }
  if (first === 'live') {
    const sub = COMMANDS.find((c) => c.name === `live ${second}`);
    if (sub) return { command: sub, rest: more };
    if (second === '--help' || second === '-h') return { command: LIVE_GROUP, rest: ['--help'] };
    throw new UsageError(
      second === undefined ? 'live needs list, start or stop.' : `Unknown live command "${second}".`,
      LIVE_GROUP,
    );
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) throw new UsageError(`Unknown command "${first}".`, null);
  return { command, rest: [second, ...more].filter((a): a is string => a !== undefined) };
}

/** Run one command line; resolves to the exit code. Wrong usage prints the usage line and gives 2. */
export async function main(args: readonly string[], io: Io): Promise<number> {
  try {
    const target = resolve(args);
    if (target === 'help') {
      io.out(globalHelp());
      return EXIT.ok;
    }
    if (target === null) {
      io.err(globalHelp());
      return EXIT.usage;
    }
    const parsed = parseCommandArgs(target.command, target.rest);
    if (parsed.help) {
      io.out(helpOf(target.command));
      return EXIT.ok;
    }
    return await target.command.run(parsed, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${PROGRAM}: ${error.message}`);
    io.err(
      error.command
        ? `Usage: ${error.command.usage.join(`\n       `)}`
        : `Usage: ${PROGRAM} <command> [options]   (${PROGRAM} --help lists them)`,
    );
    return EXIT.usage;
  }
}
