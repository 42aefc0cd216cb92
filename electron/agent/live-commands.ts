import { LIVES_PAGE, type Live } from '@shared/contract/lives';
import { readAllPages } from '@shared/contract/paging';
import { DATA_DIR_OPTION, JSON_OPTION, PROGRAM, printable, stringValue, type Command, type Io } from './command';
import { withOwnerClient } from './owner-session';
import { dataDirOf } from './paths';

const DATA_DIR_DETAIL =
  '  --data-dir DIR  data folder of the running agent (default $LIVEMANAGER_AGENT_DIR or ~/.livemanager-agent)';
const JSON_DETAIL = '  --json          print JSON (for scripts) instead of text';
const LOCAL_NOTE = "Talks to the running `serve` over its socket as the machine owner (an admin acting for each live's owner).";

export const liveListCommand: Command = {
  name: 'live list',
  usage: [`${PROGRAM} live list [--json] [--data-dir DIR]`],
  summary: `List every live on this agent with its state. ${LOCAL_NOTE}`,
  details: [JSON_DETAIL, DATA_DIR_DETAIL],
  options: { ...JSON_OPTION, ...DATA_DIR_OPTION },
  run: ({ values }, io) =>
    withOwnerClient(dataDirOf(stringValue(values, 'data-dir'), io.env), io, 'live list', async (client) => {
      const lives = await readAllPages((cursor) =>
        client.api.lives.list({ limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) }),
      );
      if (values.json) io.out(JSON.stringify(lives, null, 2));
      else io.out(livesTable(lives));
      return 0;
    }),
};

export const liveStartCommand: Command = liveAction('start', 'Start a run of the live now (it may wait in queued).');
export const liveStopCommand: Command = liveAction('stop', 'Stop the live gracefully (FFmpeg finishes its output).');

function liveAction(action: 'start' | 'stop', summary: string): Command {
  const name = `live ${action}`;
  return {
    name,
    usage: [`${PROGRAM} live ${action} <live-id> [--json] [--data-dir DIR]`],
    summary: `${summary} ${LOCAL_NOTE}`,
    details: ['  <live-id>       as shown by `live list`', JSON_DETAIL, DATA_DIR_DETAIL],
    options: { ...JSON_OPTION, ...DATA_DIR_OPTION },
    positionals: ['<live-id>'],
    run: ({ values, positionals }, io: Io) =>
      withOwnerClient(dataDirOf(stringValue(values, 'data-dir'), io.env), io, name, async (client) => {
        const liveId = positionals[0] ?? '';
        const live = action === 'start' ? await client.api.lives.start({ liveId }) : await client.api.lives.stop({ liveId });
        if (values.json) io.out(JSON.stringify(live, null, 2));
        else io.out(`"${printable(live.title)}" (${live.id}) is ${live.state}.`);
        return 0;
      }),
  };
}

function livesTable(lives: readonly Live[]): string {
  if (lives.length === 0) return 'No lives on this agent yet.';
  const rows = [['ID', 'STATE', 'TITLE'], ...lives.map((l) => [l.id, l.state, printable(l.title)])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => [r[0]?.padEnd(widths[0] ?? 0), r[1]?.padEnd(widths[1] ?? 0), r[2]].join('  ')).join('\n');
}
