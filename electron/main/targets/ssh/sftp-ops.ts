import type { SFTPWrapper, Stats } from 'ssh2';

type Done<T> = (error: Error | undefined | null, value: T) => void;

const ended = new WeakSet<SFTPWrapper>();

/** SFTP status 2: no such file. */
const isMissing = (error: unknown): boolean => (error as { code?: number } | null)?.code === 2;

/**
 * The SFTP calls an upload needs, as promises. ssh2 registers a request sent on a channel that is
 * already gone and never answers it, so every call checks the channel first: a cut fails fast
 * instead of hanging an upload forever.
 */
export function sftpOps(sftp: SFTPWrapper) {
  if (!ended.has(sftp)) {
    const end = (): void => void ended.add(sftp);
    sftp.once('end', end);
    sftp.once('close', end);
  }
  const request = <T>(send: (done: Done<T>) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ended.has(sftp)) return reject(new Error('The SFTP channel is closed (the connection was cut).'));
      send((error, value) => (error ? reject(error) : resolve(value)));
    });

  return {
    stat: (file: string): Promise<Stats | null> =>
      request<Stats | null>((done) =>
        sftp.stat(file, (error, stats) => (isMissing(error) ? done(null, null) : done(error, stats))),
      ),
    open: (file: string, flags: 'r' | 'r+' | 'w', mode = 0o600): Promise<Buffer> =>
      request<Buffer>((done) => sftp.open(file, flags, { mode }, done)),
    write: (handle: Buffer, data: Buffer, position: number): Promise<void> =>
      request<void>((done) => sftp.write(handle, data, 0, data.length, position, (error) => done(error, undefined))),
    /** fsync@openssh.com when the server has it, so "verified" means "on disk". */
    fsync: (handle: Buffer): Promise<void> =>
      request<void>((done) => {
        try {
          sftp.ext_openssh_fsync(handle, (error) => done(error, undefined));
        } catch {
          done(null, undefined); // not offered by this server
        }
      }),
    close: (handle: Buffer): Promise<void> => request<void>((done) => sftp.close(handle, (error) => done(error, undefined))),
    unlink: (file: string): Promise<void> =>
      request<void>((done) => sftp.unlink(file, (error) => done(isMissing(error) ? null : error, undefined))),
    chmod: (file: string, mode: number): Promise<void> =>
      request<void>((done) => sftp.chmod(file, mode, (error) => done(error, undefined))),
    /** Replace `to` atomically (posix-rename@openssh.com), else remove it first and rename. */
    async replace(from: string, to: string): Promise<void> {
      const posix = await request<boolean>((done) => {
        try {
          sftp.ext_openssh_rename(from, to, (error) => done(error, true));
        } catch {
          done(null, false);
        }
      });
      if (posix) return;
      await request<void>((done) => sftp.unlink(to, () => done(null, undefined)));
      await request<void>((done) => sftp.rename(from, to, (error) => done(error, undefined)));
    },
  };
}
