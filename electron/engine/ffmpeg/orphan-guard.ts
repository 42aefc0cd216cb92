import { spawn, type ChildProcess } from 'node:child_process';

/**
 * What the watchdog runs: a few lines of plain Node, no import. It reads `+<pid>` / `-<pid>`
 * lines (process groups started / ended) from the engine on stdin. When stdin ends — the engine
 * exited, crashed or was SIGKILLed, since the kernel closes its end of the pipe in every case —
 * it sends SIGTERM to every group still listed (FFmpeg finishes its output), SIGKILL after
 * `GRACE_MS`, and exits. It ignores SIGINT/SIGTERM/SIGHUP so that a signal aimed at the engine's
 * whole group or terminal does not take it down before the engine.
 */
const WATCHDOG_SOURCE = String.raw`
const GRACE_MS = Number(process.argv[1]) || 2000;
const groups = new Set();
const win = process.platform === 'win32';
const target = (pid) => (win ? pid : -pid);
const alive = (pid) => { try { process.kill(target(pid), 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const signal = (pid, sig) => { try { process.kill(target(pid), sig); } catch {} };
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) { try { process.on(sig, () => {}); } catch {} }
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (line[0] === '+') groups.add(pid);
    else if (line[0] === '-') groups.delete(pid);
  }
});
let reaping = false;
const reap = () => {
  if (reaping) return;
  reaping = true;
  for (const pid of groups) signal(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  const check = () => {
    const left = [...groups].filter(alive);
    if (left.length === 0) process.exit(0);
    if (Date.now() >= deadline) {
      for (const pid of left) signal(pid, 'SIGKILL');
      process.exit(0);
    }
    setTimeout(check, 50);
  };
  check();
};
process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
`;

/** How to start the watchdog: a Node runtime (or null when this host has none to offer). */
export interface WatchdogRuntime {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The engine's own Node when it runs on plain Node (agent, web host, tests), or an unpackaged
 * Electron (`electron .`, development) as Node. A packaged app has the RunAsNode fuse off
 * (build/fuses.mjs): `process.execPath` would start a second app, not a script, so the desktop
 * host must hand over a runtime (`orphanGuard.setRuntime`); until then there is none.
 */
function defaultRuntime(): WatchdogRuntime | null {
  // Inspector or loader flags meant for the engine must not be applied to the watchdog.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  if (!process.versions.electron) return { command: process.execPath, args: [], env };
  const unpackaged = (process as NodeJS.Process & { defaultApp?: boolean }).defaultApp === true;
  return unpackaged ? { command: process.execPath, args: [], env: { ...env, ELECTRON_RUN_AS_NODE: '1' } } : null;
}

/**
 * Makes sure no FFmpeg outlives the engine, whatever ends the engine. Every supervised process
 * (its own group) is reported to ONE small watchdog process per engine process, over a pipe;
 * the watchdog stops the groups still listed as soon as that pipe closes. One watchdog for all
 * FFmpeg (not one wrapper per FFmpeg) costs one process, whatever the number of lives, and
 * leaves FFmpeg's stdin to the engine (`q` for a graceful stop). See docs/restream-engine.md.
 */
export class OrphanGuard {
  readonly #pids = new Set<number>();
  #child: ChildProcess | undefined;
  #runtime: WatchdogRuntime | null | undefined;
  #warned = false;

  constructor(
    private readonly graceMs = 2000,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** Replace how the watchdog is started (the desktop host); applies from the next start. */
  setRuntime(runtime: WatchdogRuntime | null): void {
    this.#runtime = runtime;
  }

  /** Pid of the watchdog now running, if any (diagnostics, tests). */
  get watchdogPid(): number | undefined {
    return this.#child?.pid;
  }

  /** A process group (led by `pid`) started: stop it if this process dies. */
  watch(pid: number): void {
    if (!Number.isInteger(pid) || pid <= 1) return;
    this.#pids.add(pid);
    this.#send(`+${pid}`);
  }

  /** It ended (or was stopped) normally. */
  unwatch(pid: number): void {
    if (!this.#pids.delete(pid)) return;
    this.#send(`-${pid}`);
  }

  #send(line: string): void {
    const child = this.#ensureWatchdog();
    if (child?.stdin?.writable) child.stdin.write(`${line}\n`);
  }

  #ensureWatchdog(): ChildProcess | undefined {
    if (this.#child) return this.#child;
    const runtime = this.#runtime === undefined ? defaultRuntime() : this.#runtime;
    if (!runtime) {
      if (!this.#warned) {
        this.#warned = true;
        this.warn('No runtime for the FFmpeg watchdog: FFmpeg left by a crash is stopped at the next start only.');
      }
      return undefined;
    }
    let child: ChildProcess;
    try {
      child = spawn(runtime.command, [...runtime.args, '-e', WATCHDOG_SOURCE, String(this.graceMs)], {
        env: runtime.env,
        // Its own group and session: a Ctrl+C or a signal to the engine's group does not reach it.
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        windowsHide: true,
      });
    } catch (error) {
      this.warn(`The FFmpeg watchdog could not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Neither the watchdog nor its pipe keeps the engine's event loop alive.
    child.unref();
    (child.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
    child.once('exit', () => {
      if (this.#child !== child) return;
      this.#child = undefined;
      // Killed by someone: start another at once (it is told every group still running).
      if (this.#pids.size > 0) this.#ensureWatchdog();
    });
    this.#child = child;
    // Every group running now, including those a previous (killed) watchdog knew.
    if (this.#pids.size > 0 && child.stdin?.writable) child.stdin.write([...this.#pids].map((pid) => `+${pid}\n`).join(''));
    return child;
  }
}

/** The one guard of this process: every FFmpeg the runner spawns is reported to it. */
export const orphanGuard = new OrphanGuard();
