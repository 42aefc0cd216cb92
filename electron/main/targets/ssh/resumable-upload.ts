import { stat } from 'node:fs/promises';
import { backoffDelay, type BackoffOptions } from './backoff';
import { UploadCancelledError, uploadFile, type UploadOptions, type UploadResult } from './sftp-upload';
import { classifySshError } from './ssh-errors';
import type { SshSession } from './ssh-session';
import { TransferMeter } from './transfer-meter';

export interface ResumableUploadOptions extends Omit<UploadOptions, 'meter'> {
  /** Give up after this many attempts in a row that were cut (default 20). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
}

/**
 * An upload that survives cuts: each attempt opens its own SSH session and resumes from what
 * the VPS already has (the `.part` file), until the file is verified, the user cancels, or the
 * failure is not a cut (a full disk, a refused key, a changed host key).
 */
export async function uploadWithResume(
  openSession: () => Promise<SshSession>,
  localPath: string,
  remotePath: string,
  options: ResumableUploadOptions = {},
): Promise<UploadResult & { attempts: number }> {
  const meter = new TransferMeter((await stat(localPath)).size);
  const maxAttempts = options.maxAttempts ?? 20;
  for (let attempt = 0; ; attempt++) {
    let session: SshSession | null = null;
    try {
      session = await openSession();
      const result = await uploadFile(session, localPath, remotePath, { ...options, meter });
      return { ...result, attempts: attempt + 1 };
    } catch (error) {
      if (options.signal?.aborted) throw error instanceof UploadCancelledError ? error : new UploadCancelledError(remotePath);
      const cut = session === null ? classifySshError(error, 'the VPS').retryable : session.isClosed();
      if (!cut || attempt + 1 >= maxAttempts) throw error instanceof Error ? error : new Error(String(error));
      await pause(backoffDelay(attempt, options.backoff), options.signal);
      if (options.signal?.aborted) throw new UploadCancelledError(remotePath);
    } finally {
      session?.close();
    }
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
