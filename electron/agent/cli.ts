import type { Io } from './command';
import { main } from './commands';

// livemanager-agent: the engine as a headless service on a VPS, and the commands around it.
// See docs/agent.md. Every command has --help; wrong usage exits 2 with the usage line.
const io: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  env: process.env,
};
try {
  const code = await main(process.argv.slice(2), io);
  // serve and attach leave handles (stdin, a closed engine's timers): exit once stdout is flushed.
  process.stdout.write('', () => process.exit(code));
} catch (error) {
  io.err(`livemanager-agent: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
