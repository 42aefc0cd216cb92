import type { SFTPWrapper, Stats } from 'ssh2';

/** The SFTP calls an upload needs, as promises. SFTP status 2 is "no such file". */
export const sftpOps = (sftp: SFTPWrapper) => ({
  stat: (file: string): Promise<Stats | null> =>
    new Promise((resolve, reject) =>
      sftp.stat(file, (error, stats) => {
        if (!error) return resolve(stats);
        if ((error as { code?: number }).code === 2) return resolve(null);
        reject(error);
      }),
    ),
  open: (file: string, flags: 'r' | 'r+' | 'w', mode = 0o600): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      sftp.open(file, flags, { mode }, (error, handle) => (error ? reject(error) : resolve(handle))),
    ),
  write: (handle: Buffer, data: Buffer, position: number): Promise<void> =>
    new Promise((resolve, reject) =>
      sftp.write(handle, data, 0, data.length, position, (error) => (error ? reject(error) : resolve())),
    ),
  read: (handle: Buffer, length: number, position: number): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      sftp.read(handle, Buffer.alloc(length), 0, length, position, (error, bytesRead, buffer) =>
        error ? reject(error) : resolve(buffer.subarray(0, bytesRead)),
      ),
    ),
  /** fsync@openssh.com when the server has it, so "verified" means "on disk". */
  fsync: (handle: Buffer): Promise<void> =>
    new Promise((resolve) => {
      try {
        sftp.ext_openssh_fsync(handle, () => resolve());
      } catch {
        resolve(); // not supported by this server
      }
    }),
  close: (handle: Buffer): Promise<void> =>
    new Promise((resolve, reject) => sftp.close(handle, (error) => (error ? reject(error) : resolve()))),
  unlink: (file: string): Promise<void> =>
    new Promise((resolve, reject) =>
      sftp.unlink(file, (error) => (error && (error as { code?: number }).code !== 2 ? reject(error) : resolve())),
    ),
  chmod: (file: string, mode: number): Promise<void> =>
    new Promise((resolve, reject) => sftp.chmod(file, mode, (error) => (error ? reject(error) : resolve()))),
  /** Replace `to` atomically (posix-rename@openssh.com), else remove it first and rename. */
  async replace(from: string, to: string): Promise<void> {
    const posix = await new Promise<boolean>((resolve, reject) => {
      try {
        sftp.ext_openssh_rename(from, to, (error) => (error ? reject(error) : resolve(true)));
      } catch {
        resolve(false);
      }
    });
    if (posix) return;
    await new Promise<void>((resolve) => sftp.unlink(to, () => resolve()));
    await new Promise<void>((resolve, reject) => sftp.rename(from, to, (error) => (error ? reject(error) : resolve())));
  },
});
