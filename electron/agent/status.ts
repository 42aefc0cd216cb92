import { readFileSync } from 'node:fs';
import { LIVES_PAGE } from '@shared/contract/lives';
import { readAllPages } from '@shared/contract/paging';
import path from 'node:path';
import { AgentNotRunningError, connectAsOwner } from './agent-connection';
import { DATA_DIR_OPTION, EXIT, JSON_OPTION, PROGRAM, stringValue, type Command } from './command';
import { dataDirOf, socketPathOf } from './paths';
import { describeService, serviceState } from './systemd';

export interface AgentStatus {
  readonly running: boolean;
  readonly dataDir: string;
  readonly socket: string;
  readonly service: string;
  readonly pid?: number;
  readonly version?: string;
  readonly secretStorage?: string;
  readonly lives?: { readonly total: number; readonly byState: Readonly<Record<string, number>> };
  /** Why it could not be asked, when not running. */
  readonly problem?: string;
}

export const statusCommand: Command = {
  name: 'status',
  usage: [`${PROGRAM} status [--json] [--data-dir DIR]`],
  summary: 'Is the agent running: its version and pid, its lives by state, the service. Exits 3 when it is not running.',
  details: ['  --json          print JSON (for scripts)', '  --data-dir DIR  data folder of the agent'],
  options: { ...JSON_OPTION, ...DATA_DIR_OPTION },
  async run({ values }, io) {
    const dataDir = dataDirOf(stringValue(values, 'data-dir'), io.env);
    const status = await readStatus(dataDir, io.env);
    if (values.json) io.out(JSON.stringify(status, null, 2));
    else if (status.running) {
      const states = Object.entries(status.lives?.byState ?? {}).map(([state, n]) => `${n} ${state}`);
      io.out(`${PROGRAM} ${status.version} is running (pid ${status.pid ?? '?'}) on ${status.socket}.`);
      io.out(`Lives: ${status.lives?.total ?? 0}${states.length ? ` (${states.join(', ')})` : ''}.`);
      io.out(`Secrets: ${status.secretStorage}. Service: ${status.service}.`);
    } else {
      io.err(status.problem ?? 'The agent is not running.');
      io.err(`Service: ${status.service}.`);
    }
    return status.running ? EXIT.ok : EXIT.unavailable;
  },
};

async function readStatus(dataDir: string, env: NodeJS.ProcessEnv): Promise<AgentStatus> {
  const base = { dataDir, socket: socketPathOf(dataDir), service: describeService(await serviceState(env)) };
  let client;
  try {
    client = await connectAsOwner(dataDir);
  } catch (error) {
    return { ...base, running: false, problem: error instanceof AgentNotRunningError ? error.message : (error as Error).message };
  }
  try {
    const [info, lives] = await Promise.all([
      client.api.system.info(),
      readAllPages((cursor) => client.api.lives.list({ limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) })),
    ]);
    const byState: Record<string, number> = {};
    for (const live of lives) byState[live.state] = (byState[live.state] ?? 0) + 1;
    const pid = lockHolder(dataDir);
    return {
      ...base,
      running: true,
      ...(pid ? { pid } : {}),
      version: info.appVersion,
      secretStorage: info.secretStorage,
      lives: { total: lives.length, byState },
    };
  } finally {
    client.close();
  }
}

/** The engine's pid, from the data folder's lock (see data-dir-lock.ts). */
function lockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'engine.lock'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
