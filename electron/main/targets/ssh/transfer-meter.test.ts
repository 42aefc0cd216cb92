import { describe, expect, it } from 'vitest';
import { TransferMeter } from './transfer-meter';

describe('TransferMeter', () => {
  it('reports speed over the window and the time left at that speed', () => {
    let now = 0;
    const meter = new TransferMeter(10_000_000, { now: () => now, windowMs: 3000 });
    meter.restartAt(0);
    expect(meter.progress()).toMatchObject({ bytesDone: 0, bytesPerSecond: 0, etaSeconds: null });
    for (let i = 0; i < 4; i++) {
      now += 1000;
      meter.add(1_000_000);
    }
    expect(meter.progress()).toMatchObject({ bytesDone: 4_000_000, bytesPerSecond: 1_000_000, etaSeconds: 6 });
  });

  it('forgets old samples, so a stall or a slowdown shows within the window', () => {
    let now = 0;
    const meter = new TransferMeter(100_000_000, { now: () => now, windowMs: 3000 });
    meter.restartAt(0);
    for (let i = 0; i < 5; i++) {
      now += 1000;
      meter.add(10_000_000);
    }
    for (let i = 0; i < 5; i++) {
      now += 1000;
      meter.add(1_000_000);
    }
    expect(meter.progress().bytesPerSecond).toBe(1_000_000);
  });

  it('starts a resumed attempt from the bytes already there', () => {
    let now = 0;
    const meter = new TransferMeter(1000, { now: () => now });
    meter.restartAt(600);
    now += 1000;
    meter.add(100);
    expect(meter.progress('verifying')).toEqual({
      bytesDone: 700,
      totalBytes: 1000,
      resumedFrom: 600,
      bytesPerSecond: 100,
      etaSeconds: 3,
      phase: 'verifying',
    });
  });
});
