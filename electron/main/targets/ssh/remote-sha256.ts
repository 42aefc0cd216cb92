import { createHash } from 'node:crypto';
import { shellQuote } from './shell-quote';
import type { SshSession } from './ssh-session';

/**
 * The SHA-256 of a file on the VPS: `sha256sum` (GNU coreutils) or `shasum -a 256` (BSD, macOS)
 * run there, so the bytes need not cross the link again; when neither exists, the file is read
 * back over SFTP and hashed here.
 */
export async function remoteSha256(session: SshSession, file: string): Promise<string> {
  const q = shellQuote(file);
  const result = await session.run(`sha256sum -- ${q} 2>/dev/null || shasum -a 256 -- ${q} 2>/dev/null`, {
    timeoutMs: 30 * 60_000,
  });
  const hex = /^([0-9a-f]{64})\s/.exec(result.stdout)?.[1];
  if (hex) return hex;
  const sftp = await session.sftp();
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    const stream = sftp.createReadStream(file);
    stream.on('data', (chunk: Buffer) => hash.update(chunk));
    stream.once('error', reject);
    stream.once('end', () => resolve());
  });
  return hash.digest('hex');
}
