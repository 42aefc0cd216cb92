import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHint, locateTool, parseVersionLine } from './locate';

let root: string;
const dir = (name: string): string => path.join(root, name);

/** A tiny stand-in for ffmpeg/ffprobe: prints a version line naming where it lives. */
async function fakeTool(folder: string, tool: 'ffmpeg' | 'ffprobe', label: string, mode = 0o755): Promise<void> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, tool);
  await writeFile(file, `#!/bin/sh\necho "${tool} version 9.9-${label} Copyright (c) 2000-2026 the FFmpeg developers"\n`);
  await chmod(file, mode);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lm-locate-'));
  // All fakes are written before any is run (avoids ETXTBSY on a file still open for writing).
  for (const where of ['setting', 'env', 'bundled', 'path1', 'path2']) {
    await fakeTool(dir(where), 'ffmpeg', where);
    await fakeTool(dir(where), 'ffprobe', where);
  }
  await fakeTool(dir('not-executable'), 'ffmpeg', 'not-executable', 0o644);
  await mkdir(dir('mute'), { recursive: true });
  await writeFile(path.join(dir('mute'), 'ffmpeg'), '#!/bin/sh\necho "I am not ffmpeg"\nexit 1\n');
  await chmod(path.join(dir('mute'), 'ffmpeg'), 0o755);
  await mkdir(dir('empty'), { recursive: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const pathOf = (...folders: string[]): string => folders.map(dir).join(path.delimiter);

describe.skipIf(process.platform === 'win32')('locateTool', () => {
  it('prefers the explicit setting over LIVEMANAGER_FFMPEG, the bundled copy and PATH', async () => {
    const found = await locateTool('ffmpeg', {
      explicitPath: dir('setting'),
      bundledDir: dir('bundled'),
      env: { LIVEMANAGER_FFMPEG: dir('env'), PATH: pathOf('path1') },
    });
    expect(found).toEqual({ found: true, path: path.join(dir('setting'), 'ffmpeg'), version: '9.9-setting', source: 'setting' });
  });

  it('then LIVEMANAGER_FFMPEG', async () => {
    const found = await locateTool('ffmpeg', {
      bundledDir: dir('bundled'),
      env: { LIVEMANAGER_FFMPEG: dir('env'), PATH: pathOf('path1') },
    });
    expect(found).toMatchObject({ found: true, version: '9.9-env', source: 'env' });
  });

  it('then the bundled copy', async () => {
    const found = await locateTool('ffmpeg', { bundledDir: dir('bundled'), env: { PATH: pathOf('path1') } });
    expect(found).toMatchObject({ found: true, version: '9.9-bundled', source: 'bundled' });
  });

  it('then the first PATH folder that has it', async () => {
    const found = await locateTool('ffmpeg', { env: { PATH: pathOf('empty', 'path2', 'path1') } });
    expect(found).toEqual({ found: true, path: path.join(dir('path2'), 'ffmpeg'), version: '9.9-path2', source: 'path' });
  });

  it('finds ffprobe beside an explicit ffmpeg binary path, and in a configured folder', async () => {
    const beside = await locateTool('ffprobe', {
      explicitPath: path.join(dir('setting'), 'ffmpeg'),
      env: { PATH: pathOf('path1') },
    });
    expect(beside).toMatchObject({
      found: true,
      path: path.join(dir('setting'), 'ffprobe'),
      version: '9.9-setting',
      source: 'setting',
    });
    const inFolder = await locateTool('ffprobe', { env: { LIVEMANAGER_FFMPEG: dir('env'), PATH: '' } });
    expect(inFolder).toMatchObject({ found: true, version: '9.9-env', source: 'env' });
  });

  it('skips a candidate that is not executable', async () => {
    const found = await locateTool('ffmpeg', {
      explicitPath: dir('not-executable'),
      env: { LIVEMANAGER_FFMPEG: dir('env'), PATH: '' },
    });
    expect(found).toMatchObject({ found: true, version: '9.9-env', source: 'env' });
    const onPath = await locateTool('ffmpeg', { env: { PATH: pathOf('not-executable', 'path1') } });
    expect(onPath).toMatchObject({ found: true, version: '9.9-path1', source: 'path' });
  });

  it('skips a candidate that does not answer -version like ffmpeg', async () => {
    const found = await locateTool('ffmpeg', { explicitPath: dir('mute'), env: { PATH: pathOf('path1') } });
    expect(found).toMatchObject({ found: true, version: '9.9-path1', source: 'path' });
  });

  it('explains what it tried and how to install FFmpeg when nothing is found', async () => {
    const missing = await locateTool('ffmpeg', {
      explicitPath: dir('mute'),
      env: { LIVEMANAGER_FFMPEG: '/nonexistent', PATH: pathOf('empty', 'not-executable') },
    });
    expect(missing.found).toBe(false);
    if (missing.found) return;
    expect(missing.reason).toMatch(/^ffmpeg not found\./);
    expect(missing.reason).toContain(path.join('/nonexistent', 'ffmpeg'));
    expect(missing.reason).toContain(`${path.join(dir('mute'), 'ffmpeg')} (does not answer -version)`);
    expect(missing.reason).toContain(installHint());
    if (process.platform === 'linux') expect(missing.reason).toContain('apt install ffmpeg');
  });

  it('finds the real ffmpeg on this machine and reports the version it prints', async () => {
    const printed = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' });
    const found = await locateTool('ffmpeg', { env: { PATH: process.env.PATH ?? '' } });
    expect(found).toMatchObject({ found: true, source: 'path', version: parseVersionLine(printed, 'ffmpeg') });
  });
});

describe('parseVersionLine', () => {
  it.each([
    ['ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers', 'ffmpeg', '5.1.6-0+deb12u1'],
    ['ffmpeg version n7.1 Copyright (c) 2000-2024', 'ffmpeg', 'n7.1'],
    ['ffmpeg version N-118000-g1234abcd-20250101 Copyright', 'ffmpeg', 'N-118000-g1234abcd-20250101'],
    ['ffprobe version 6.1.1 Copyright', 'ffprobe', '6.1.1'],
    ['built with gcc\nffmpeg version 7.0.2-static https://johnvansickle.com', 'ffmpeg', '7.0.2-static'],
  ] as const)('reads %j', (output, tool, version) => {
    expect(parseVersionLine(output, tool)).toBe(version);
  });

  it('refuses output from another tool', () => {
    expect(parseVersionLine('ffprobe version 6.1.1', 'ffmpeg')).toBeNull();
    expect(parseVersionLine('Usage: something', 'ffmpeg')).toBeNull();
  });

  it('gives a platform install hint', () => {
    expect(installHint('darwin')).toContain('brew install ffmpeg');
    expect(installHint('win32')).toContain('winget');
    expect(installHint('aix')).toContain('FFmpeg 5.1');
  });
});
