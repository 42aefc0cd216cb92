import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleNodeScript } from '../../../tests/support/bundle-node-script';
import { waitFor } from '../../../tests/support/wait-for';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Live (not zombie) processes whose command line contains `text`, with their parent pid. */
function processesWith(text: string): { pid: number; ppid: number }[] {
  const found: { pid: number; ppid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && cmdline.includes(text)) found.push({ pid: Number(entry), ppid: Number(fields[1]) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Live members of process group `pgid`. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

describe.skipIf(process.platform !== 'linux')('orphan guard (the FFmpeg watchdog)', () => {
  it('stops the groups of a SIGKILLed engine within 5 s, even one that ignores SIGTERM and after its watchdog was killed', async () => {
    const marker = `orphan-guard-${process.pid}-${Date.now()}`;
    const script = await bundleNodeScript(path.join(ROOT, 'tests/support/restream-engine-orphan-host.ts'));
    const host = spawn(process.execPath, [script, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    host.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const group = Number(
      (await waitFor(() => /READY (\d+)/.exec(stdout), { what: 'the stand-in engine to start its group' }))[1],
    );
    await waitFor(() => groupMembers(group).length === 2, { what: 'sh and sleep in the group' });
    const watchdogOf = (): number | undefined => processesWith('GRACE_MS').find((p) => p.ppid === host.pid)?.pid;
    const first = await waitFor(watchdogOf, { what: 'the watchdog' });

    // Someone kills the watchdog: the engine starts another, which learns the running groups.
    process.kill(first, 'SIGKILL');
    await waitFor(
      () => {
        const next = watchdogOf();
        return next !== undefined && next !== first;
      },
      { what: 'a new watchdog' },
    );
    // (No wait needed for it to read its list: a pipe keeps what was written after its writer dies.)

    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await waitFor(() => groupMembers(group).length === 0, {
      timeoutMs: 5000,
      intervalMs: 50,
      what: 'the group of the killed engine to be stopped',
    });
    expect(Date.now() - killedAt).toBeLessThan(5000);
  });
});
