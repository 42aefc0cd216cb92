import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, unlink } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Copy `from` to `to` through a temporary name, reporting bytes as they go; the copy appears
 * under its name only once complete, so a crash or a full disk never leaves half a file that
 * looks whole.
 */
export async function copyWithProgress(
  from: string,
  to: string,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const partial = `${to}.partial-${process.pid}`;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(from), counter, createWriteStream(partial, { flags: 'wx', mode: 0o640 }), { signal });
    await rename(partial, to);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Move a file: a rename on the same disk, else a copy then removing the original. */
export async function moveWithProgress(from: string, to: string, onBytes: (bytes: number) => void, size: number): Promise<void> {
  try {
    await rename(from, to);
    onBytes(size);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyWithProgress(from, to, onBytes);
    await unlink(from);
  }
}
