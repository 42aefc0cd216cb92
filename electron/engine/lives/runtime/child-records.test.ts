import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../storage/database';
import { ChildRecords, processStartTicks, reapLeftovers } from './child-records';

const spawned: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A long-running process in its own group, as the runtime starts FFmpeg. */
function start(command: string, args: string[]): { child: ChildProcess; pid: number; exited: Promise<unknown> } {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  spawned.push(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, pid: child.pid ?? -1, exited };
}

const idleFfmpeg = [
  '-nostdin',
  '-loglevel',
  'quiet',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=64x64:rate=5',
  '-f',
  'null',
  '-',
];

describe.skipIf(process.platform !== 'linux')('leftover FFmpeg reaping after an engine crash', () => {
  it('stops only the recorded FFmpeg groups that are really ours', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lm-reap-'));
    dirs.push(dir);
    const db = openDatabase({ dataDir: dir, migrations: [] });
    const records = new ChildRecords(db);
    const ours = start('ffmpeg', idleFfmpeg);
    const reusedPid = start('ffmpeg', idleFfmpeg); // same pid, different process: start time differs
    const stranger = start('sleep', ['60']); // pid recorded but not an ffmpeg
    const base = { liveId: 'live-1', runId: 'run-1', role: 'source' };
    records.add({ ...base, pid: ours.pid, pgid: ours.pid, startTicks: processStartTicks(ours.pid) });
    records.add({ ...base, pid: reusedPid.pid, pgid: reusedPid.pid, startTicks: (processStartTicks(reusedPid.pid) ?? 0) + 1 });
    records.add({ ...base, pid: stranger.pid, pgid: stranger.pid, startTicks: processStartTicks(stranger.pid) });
    records.add({ ...base, pid: 999_999_999, pgid: 999_999_999, startTicks: 1 }); // long gone

    const reaped = await reapLeftovers(records, 3000);

    expect(reaped).toEqual([ours.pid]);
    expect(await ours.exited).toBe('SIGTERM'); // asked politely first
    expect(reusedPid.child.exitCode).toBeNull();
    expect(reusedPid.child.signalCode).toBeNull();
    expect(stranger.child.exitCode).toBeNull();
    expect(records.list()).toEqual([]);
    db.close();
  });

  it('keeps its table versioned: opening twice migrates once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lm-reap-'));
    dirs.push(dir);
    const db = openDatabase({ dataDir: dir, migrations: [] });
    new ChildRecords(db);
    new ChildRecords(db);
    const rows = db.prepare("SELECT id FROM schema_migrations WHERE id LIKE 'runtime-%'").all();
    expect(rows).toEqual([{ id: 'runtime-001-children' }]);
    db.close();
  });
});
