/**
 * A stand-in engine for the orphan guard test: it starts, through the engine's runner, a process
 * group that ignores SIGTERM (`sh` running `sleep`), prints `READY <pid>`, then runs until killed.
 * Bundled and started by `orphan-guard.test.ts`.
 *
 * argv: <marker> (a word put on the group's command line, to find it in /proc)
 */
import { spawnProcess } from '../../electron/engine/ffmpeg/runner';

const [marker] = process.argv.slice(2);
if (!marker) throw new Error('usage: <marker>');
const stubborn = spawnProcess('sh', ['-c', `trap "" TERM; sleep 300 & wait # ${marker}`]);
process.stdout.write(`READY ${stubborn.pid}\n`);
setInterval(() => undefined, 60_000); // stay up until killed
