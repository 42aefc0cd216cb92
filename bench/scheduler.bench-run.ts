import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { FakeLives } from '../tests/support/engine/fake-lives';
import { ScheduleService } from '../electron/engine/schedule/schedule-service';
import { ScheduleStore, scheduleMigrations } from '../electron/engine/schedule/schedule-store';
import { systemTimers, type Timers } from '../electron/engine/time/timers';
import { openDatabase } from '../electron/engine/storage/database';

/**
 * `npm run bench:scheduler`: how late a due live is handed to the runtime (real timers, real
 * SQLite store, 500 other lives scheduled), and what 500 idle scheduled lives cost in CPU, side
 * by side with the same process before scheduling and with a fresh idle Node process.
 */
const SCHEDULED = 500;
const FIRES = 40;
const IDLE_WINDOW_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const HOUR = 3_600_000;

function print(name: string, value: number | string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? Number(value.toFixed(3)) : value}\n`);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** CPU used by this process over `ms` of wall time, in % of one core. */
async function cpuPercentOver(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(cpu);
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  return ((used.user + used.system) / wallUs) * 100;
}

/** A fresh `node` that only waits, measuring itself the same way. */
function baselineNodeCpuPercent(ms: number): Promise<number> {
  const script = `const c=process.cpuUsage(),t=process.hrtime.bigint();setTimeout(()=>{const u=process.cpuUsage(c);const w=Number(process.hrtime.bigint()-t)/1000;process.stdout.write(String((u.user+u.system)/w*100))},${ms})`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { timeout: ms + 30_000 }, (error, stdout) =>
      error ? reject(error) : resolve(Number(stdout)),
    );
  });
}

it('scheduler benchmark', { timeout: 10 * 60_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lm-bench-scheduler-'));
  const db = openDatabase({ dataDir, migrations: scheduleMigrations });
  let armed = 0;
  const counted: Timers = {
    after(delayMs, fire) {
      armed++;
      let live = true;
      const handle = systemTimers.after(delayMs, () => {
        if (live) armed--;
        live = false;
        fire();
      });
      return {
        cancel: () => {
          if (live) armed--;
          live = false;
          handle.cancel();
        },
      };
    },
  };
  try {
    const beforeCpu = baselineNodeCpuPercent(IDLE_WINDOW_MS);
    const sameProcessBefore = await cpuPercentOver(IDLE_WINDOW_MS);

    const lives = new FakeLives(Date.now);
    const delays: number[] = [];
    const startScheduled = lives.startScheduled.bind(lives);
    lives.startScheduled = (id, dueAt) => {
      delays.push(Date.now() - dueAt);
      return startScheduled(id, dueAt);
    };
    const service = new ScheduleService({
      control: lives,
      notices: { emit: () => undefined },
      store: new ScheduleStore(db),
      now: Date.now,
      timers: counted,
      maxSleepMs: 60_000, // as the engine runs it
      preflight: () => Promise.resolve([]),
      log: () => undefined,
    });
    lives.onChange = (live) => service.liveChanged(live);

    // 500 lives scheduled over the coming days, once and recurring.
    const base = Date.now();
    for (let i = 0; i < SCHEDULED; i++) {
      const start =
        i % 2 === 0
          ? ({ kind: 'once', at: new Date(base + HOUR + i * 60_000).toISOString(), timeZone: 'Europe/Paris' } as const)
          : ({ kind: 'recurring', cron: `${i % 60} ${i % 24} * * *`, timeZone: 'Europe/Paris' } as const);
      lives.add({ id: `idle-${i}`, start });
    }
    print('scheduler_timers_armed_500_scheduled', armed);
    // Let the set-up's garbage be collected first: the window measures the idle schedule only.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleScheduled = await cpuPercentOver(IDLE_WINDOW_MS);

    // Fire delay: lives due every 75 ms, among the 500, through the real store and timers.
    const firstDue = Date.now() + 500;
    for (let i = 0; i < FIRES; i++) {
      lives.add({ id: `due-${i}`, start: { kind: 'once', at: new Date(firstDue + i * 75).toISOString(), timeZone: 'UTC' } });
    }
    const deadline = firstDue + FIRES * 75 + 10_000;
    while (delays.length < FIRES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await service.close();

    print('schedule_fire_delay_p95_ms', percentile(delays, 95));
    print('schedule_fire_delay_max_ms', Math.max(...delays));
    print('schedule_fires_measured', delays.length);
    print('idle_cpu_pct_500_scheduled', idleScheduled);
    print('idle_cpu_pct_same_process_before_scheduling', sameProcessBefore);
    print('idle_cpu_pct_baseline_node', await beforeCpu);
    print('idle_window_ms', IDLE_WINDOW_MS);
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
