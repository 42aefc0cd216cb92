import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadCancelledError, UploadChecksumError, uploadFile } from '../../electron/main/targets/ssh/sftp-upload';
import { mediaName, type SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import type { TransferProgress } from '../../electron/main/targets/ssh/transfer-meter';
import { sshdAvailable, startSshd, type SshdPeer } from '../support/sshd';
import { sshTargetFor } from '../support/vps';

const SIZE = 160 * 1024 * 1024;

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

// Media files go to the agent over SFTP: progress, speed and time left; a cut resumes from what
// the VPS has; the SHA-256 is checked there before the file gets its name.
describe.skipIf(!sshdAvailable())('uploads to a VPS over SFTP', { timeout: 180_000 }, () => {
  let sshd: SshdPeer;
  let app: SshTarget;
  let work: string;
  let media: string;
  let mediaSha: string;
  const remoteDir = () => path.join(sshd.home, '.livemanager-agent', 'media');

  beforeAll(async () => {
    sshd = await startSshd();
    app = await sshTargetFor(sshd);
    work = await mkdtemp(path.join(tmpdir(), 'lm-upload-'));
    media = path.join(work, 'concert.ts');
    const file = await open(media, 'w');
    for (let written = 0; written < SIZE; written += 16 * 1024 * 1024) await file.write(randomBytes(16 * 1024 * 1024));
    await file.close();
    mediaSha = await sha256Of(media);
  });
  afterAll(async () => {
    await app?.close();
    await sshd?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('resumes after the connection is cut mid-upload and ends with the same checksum', async () => {
    const progress: TransferProgress[] = [];
    let cut = false;
    const result = await app.upload(media, {
      name: 'cut.ts',
      onProgress(p) {
        progress.push(p);
        if (!cut && p.bytesDone > SIZE / 5 && p.phase === 'uploading') {
          cut = true;
          sshd.cutConnections();
        }
      },
    });
    expect(cut).toBe(true);
    expect(result).toMatchObject({ bytes: SIZE, sha256: mediaSha, attempts: 2, remotePath: path.join(remoteDir(), 'cut.ts') });
    // The second attempt started from what the VPS had, not from zero.
    expect(result.resumedFrom).toBeGreaterThan(0);
    expect(progress.filter((p) => p.phase === 'uploading' && p.bytesDone === p.resumedFrom).map((p) => p.resumedFrom)).toEqual([
      0,
      result.resumedFrom,
    ]);
    expect(progress.some((p) => p.bytesPerSecond > 0 && p.etaSeconds !== null)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', bytesDone: SIZE, etaSeconds: 0 });
    expect(await sha256Of(result.remotePath)).toBe(mediaSha);
    expect((await stat(result.remotePath)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${result.remotePath}.part`)).toBe(false);
  });

  it('leaves only a .part file when cancelled, never one that looks complete, and resumes it later', async () => {
    const controller = new AbortController();
    const final = path.join(remoteDir(), 'cancelled.ts');
    const cancelled = app.upload(media, {
      name: 'cancelled.ts',
      signal: controller.signal,
      onProgress: (p) => p.bytesDone > 0 && controller.abort(),
    });
    await expect(cancelled).rejects.toBeInstanceOf(UploadCancelledError);
    expect(existsSync(final)).toBe(false);
    const partial = (await stat(`${final}.part`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(SIZE);

    const resumed = await app.upload(media, { name: 'cancelled.ts' });
    expect(resumed).toMatchObject({ attempts: 1, sha256: mediaSha });
    expect(resumed.resumedFrom).toBeGreaterThan(0);
    expect(resumed.resumedFrom).toBeLessThanOrEqual(partial);
    expect(await sha256Of(final)).toBe(mediaSha);
  });

  it('refuses a resumed file whose part on the VPS was damaged: the checksum catches it, nothing is named', async () => {
    await mkdir(remoteDir(), { recursive: true });
    const final = path.join(remoteDir(), 'damaged.ts');
    // A .part of the right size class but other bytes: the resume trusts its length, not its content.
    await writeFile(`${final}.part`, randomBytes(SIZE / 2));
    const session = await app.connection.openSession();
    try {
      await expect(uploadFile(session, media, final)).rejects.toBeInstanceOf(UploadChecksumError);
      expect(existsSync(final)).toBe(false);
      expect(existsSync(`${final}.part`)).toBe(false);
      await expect(uploadFile(session, media, final)).resolves.toMatchObject({ resumedFrom: 0, sha256: mediaSha });
    } finally {
      session.close();
    }
    expect(await sha256Of(final)).toBe(mediaSha);
  });

  it('names files only inside the media folder', () => {
    expect(mediaName('Concert 2024.mp4')).toBe('Concert 2024.mp4');
    for (const bad of ['../etc/passwd', 'a/b.mp4', '.hidden', 'x.part', 'line\nbreak.mp4', '']) {
      expect(() => mediaName(bad)).toThrow(/cannot be a media file name/);
    }
  });
});
