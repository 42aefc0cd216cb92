import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  lock: true,
  quit: 0,
  schemes: [] as unknown[],
  started: 0,
  guarded: 0,
}));

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    requestSingleInstanceLock: () => fake.lock,
    quit: () => void fake.quit++,
    whenReady: () => Promise.resolve(),
    exit: () => undefined,
  },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown) => fake.schemes.push(schemes) },
}));
vi.mock('./app/desktop-app', () => ({
  startDesktopApp: () => Promise.resolve(void fake.started++),
  guardAllWebContents: () => void fake.guarded++,
}));

beforeEach(() => {
  vi.resetModules();
  Object.assign(fake, { quit: 0, schemes: [], started: 0, guarded: 0 });
});

describe('app entry', () => {
  it('a second instance quits at once and starts nothing', async () => {
    fake.lock = false;
    await import('./index');
    expect(fake.quit).toBe(1);
    expect(fake.started).toBe(0);
  });

  it('the first instance registers app://, guards every webContents, then starts when ready', async () => {
    fake.lock = true;
    await import('./index');
    await vi.waitFor(() => expect(fake.started).toBe(1));
    expect(fake.quit).toBe(0);
    expect(fake.guarded).toBe(1);
    expect(fake.schemes).toEqual([
      [expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })],
    ]);
  });
});
