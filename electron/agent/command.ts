import { parseArgs } from 'node:util';

export const PROGRAM = 'livemanager-agent';

/** Exit codes every command uses (documented in docs/agent.md). */
export const EXIT = Object.freeze({
  ok: 0,
  /** The command ran and failed (a problem found, an engine error). */
  failed: 1,
  /** Wrong usage: the usage line is printed. */
  usage: 2,
  /** The engine is not available as asked: no `serve` running (clients), or one already running (serve). */
  unavailable: 3,
});

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: false };
export type Values = Readonly<Record<string, string | boolean | undefined>>;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** One subcommand: its usage line(s), options, and what it does. `run` resolves to an exit code. */
export interface Command {
  /** `doctor`, or `live start` for a subcommand. */
  readonly name: string;
  readonly usage: readonly string[];
  readonly summary: string;
  /** Longer help: one line per option. */
  readonly details?: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Names of the positional arguments it takes, all required. */
  readonly positionals?: readonly string[];
  run(args: { values: Values; positionals: readonly string[] }, io: Io): Promise<number>;
}

/** Wrong usage: the message, then the command's usage line; exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: Command | null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Shared by every command that talks to or runs an engine. */
export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;
export const JSON_OPTION = { json: { type: 'boolean' } } as const;

/** Parse a command's arguments strictly; any mistake is a UsageError naming it. */
export function parseCommandArgs(
  command: Command,
  args: readonly string[],
): { values: Values; positionals: readonly string[]; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error), command);
  }
  const values = parsed.values as Values;
  if (values.help === true) return { values, positionals: parsed.positionals, help: true };
  const wanted = command.positionals ?? [];
  if (parsed.positionals.length < wanted.length) {
    throw new UsageError(`${command.name} needs ${wanted.slice(parsed.positionals.length).join(' and ')}.`, command);
  }
  if (parsed.positionals.length > wanted.length) {
    throw new UsageError(`${command.name} does not take "${parsed.positionals[wanted.length]}".`, command);
  }
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.type === 'string' && values[name] === '') throw new UsageError(`--${name} needs a value.`, command);
  }
  return { values, positionals: parsed.positionals, help: false };
}

/** parseArgs' messages, without its advice to use `--` (our commands take no dash-led values). */
function parseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('. To specify')[0]?.replace(/\.$/, '') + '.';
}

export function stringValue(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function helpOf(command: Command): string {
  const lines = [`Usage: ${command.usage.join(`\n       `)}`, '', command.summary];
  if (command.details?.length) lines.push('', ...command.details);
  return lines.join('\n');
}

/** A title typed by a team member, made safe for a terminal: no escape sequences, no line breaks. */
export function printable(text: string): string {
  return [...text].map((c) => (c < ' ' || (c >= '\x7f' && c <= '\x9f') ? '?' : c)).join('');
}
