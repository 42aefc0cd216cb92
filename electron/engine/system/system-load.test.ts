import { statfsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MachineLoad } from '@shared/contract/system';
import { rpcErrorOf, startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';
import { hardwareEncodersOf } from './ffmpeg-capabilities';
import { cpuPercentBetween, LoadSampler, type LoadSources } from './load-sampler';
import { systemModule } from './system-module';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function fakeSources(busy: number[], total: number[]): LoadSources {
  let i = 0;
  return {
    cpuTimes: () => {
      const at = Math.min(i++, busy.length - 1);
      return { busy: busy[at]!, total: total[at]! };
    },
    cores: () => 4,
    memory: () => ({ used: 3e9, total: 8e9 }),
    disk: () => Promise.resolve({ used: 40e9, total: 100e9 }),
    now: () => Date.parse('2026-03-01T12:00:00Z'),
  };
}

describe('machine load', () => {
  it('measures CPU as the busy share between two readings, clamped to 0–100', () => {
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 350, total: 2000 })).toBe(25);
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 100, total: 1000 })).toBe(0);
    expect(cpuPercentBetween({ busy: 0, total: 0 }, { busy: 5000, total: 1000 })).toBe(100);
  });

  it('samples CPU since the previous sample, memory and the data folder’s disk', async () => {
    const sampler = new LoadSampler('/data', fakeSources([0, 500, 500], [0, 1000, 2000]));
    const first = await sampler.sample();
    expect(first).toEqual({
      at: '2026-03-01T12:00:00.000Z',
      cpuPercent: 50,
      cores: 4,
      memoryUsedBytes: 3e9,
      memoryTotalBytes: 8e9,
      disk: { usedBytes: 40e9, totalBytes: 100e9, path: '/data' },
    });
    expect((await sampler.sample()).cpuPercent).toBe(0);
  });

  it('pushes system.load by itself, without being asked, with the real disk of the data folder', async () => {
    t = await startTestEngine({ mode: 'single-owner', modules: [systemModule({ loadEveryMs: 50 })] });
    const engine = t;
    const pushed: unknown[] = [];
    const off = engine.engine.events.subscribe((event, payload) => event === 'system.load' && pushed.push(payload));
    const deadline = Date.now() + 10_000;
    while (pushed.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    off();
    expect(pushed.length).toBeGreaterThanOrEqual(3);
    const load = MachineLoad.parse(pushed[2]);
    const fs = statfsSync(engine.dataDir);
    expect(load.disk?.path).toBe(engine.dataDir);
    expect(load.disk?.totalBytes).toBe(fs.blocks * fs.bsize);
    expect(load.memoryTotalBytes).toBeGreaterThan(load.memoryUsedBytes);
    // The method answers the latest pushed sample (or a fresh one), never polls the renderer needs.
    const current = MachineLoad.parse(await engine.call('system.currentLoad', {}));
    expect(Date.parse(current.at)).toBeGreaterThanOrEqual(Date.parse(load.at));
  });

  it('stops pushing once the engine is closed', async () => {
    t = await startTestEngine({ mode: 'single-owner', modules: [systemModule({ loadEveryMs: 20 })] });
    const pushed: string[] = [];
    t.engine.events.subscribe((event) => pushed.push(event));
    await t.close();
    t = undefined;
    const count = pushed.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(pushed.length).toBe(count);
  });

  it('is for approved accounts only on a shared engine', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule()] });
    expect((await rpcErrorOf(t.call('system.currentLoad', {}))).code).toBe('UNAUTHENTICATED');
  });
});

describe('FFmpeg capabilities', () => {
  it('picks the hardware encoders out of the encoder list', () => {
    expect(
      hardwareEncodersOf([
        'libx264',
        'h264_nvenc',
        'hevc_vaapi',
        'aac',
        'h264_qsv',
        'h264_videotoolbox',
        'h264_v4l2m2m',
        'mpeg4',
      ]),
    ).toEqual(['h264_nvenc', 'hevc_vaapi', 'h264_qsv', 'h264_videotoolbox', 'h264_v4l2m2m']);
  });

  it('reports the installed FFmpeg’s version and encoders', async () => {
    t = await startTestEngine({ mode: 'single-owner', modules: [systemModule()] });
    const caps = (await t.call('system.ffmpegCapabilities', {})) as { found: boolean; encoders: string[]; version: string };
    expect(caps.found).toBe(true);
    expect(caps.encoders).toContain('libx264');
    expect(caps.encoders).toContain('aac');
    expect(caps.version).toMatch(/\d/);
  });
});
