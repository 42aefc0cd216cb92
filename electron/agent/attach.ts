import type { Socket } from 'node:net';
import { AgentNotRunningError, connectAgent } from './agent-connection';
import { DATA_DIR_OPTION, EXIT, PROGRAM, stringValue, type Command } from './command';
import { attachHello } from './hello';
import { dataDirOf } from './paths';

export const attachCommand: Command = {
  name: 'attach',
  usage: [`${PROGRAM} attach [--data-dir DIR]`],
  summary:
    'Bridge stdin/stdout to the running agent: what the app runs over an SSH exec channel. The SSH peer address ' +
    '(SSH_CLIENT) is passed on for login rate limits; the client then signs in like any team member. Exits when ' +
    'stdin ends; the lives keep running.',
  details: ['  --data-dir DIR  data folder of the running agent (default $LIVEMANAGER_AGENT_DIR or ~/.livemanager-agent)'],
  options: DATA_DIR_OPTION,
  async run({ values }, io) {
    const dataDir = dataDirOf(stringValue(values, 'data-dir'), io.env);
    let socket: Socket;
    try {
      socket = await connectAgent(dataDir, attachHello(io.env));
    } catch (error) {
      io.err(`attach: ${(error as Error).message}`);
      return error instanceof AgentNotRunningError ? EXIT.unavailable : EXIT.failed;
    }
    return bridge(socket, process.stdin, process.stdout, io);
  },
};

/** Bytes both ways, unchanged (the hello is already sent); backpressure through pipe(). */
function bridge(
  socket: Socket,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  io: { err: (text: string) => void },
) {
  return new Promise<number>((resolve) => {
    let inputEnded = false;
    input.once('end', () => (inputEnded = true));
    input.pipe(socket); // ends the socket's write side when stdin ends: serve then closes the connection
    socket.pipe(output, { end: false });
    output.on('error', () => socket.destroy()); // the app is gone (EPIPE)
    socket.on('error', () => undefined); // reported by 'close' below
    socket.once('close', () => {
      if (inputEnded) return resolve(EXIT.ok);
      io.err('attach: the agent closed the connection (it stopped or restarted).');
      resolve(EXIT.failed);
    });
  });
}
