import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyTypeOf, normaliseFingerprint, sha256Fingerprint } from './fingerprint';

describe('host key fingerprints', () => {
  it('match what ssh-keygen -lf prints, for each key type', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lm-fp-'));
    try {
      for (const [type, name] of [
        ['ed25519', 'ssh-ed25519'],
        ['ecdsa', 'ecdsa-sha2-nistp256'],
        ['rsa', 'ssh-rsa'],
      ] as const) {
        const key = path.join(dir, type);
        execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', key]);
        const blob = Buffer.from(readFileSync(`${key}.pub`, 'utf8').split(' ')[1]!, 'base64');
        const printed = execFileSync('ssh-keygen', ['-lf', `${key}.pub`])
          .toString()
          .split(' ')[1];
        expect(sha256Fingerprint(blob)).toBe(printed);
        expect(keyTypeOf(blob)).toBe(name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a pasted fingerprint with padding or spaces, and refuses anything else', () => {
    const fp = 'SHA256:pIm8BhuVyqdqgWNb6HlwAdYET774K9PNcJsNQFHtc+g';
    expect(normaliseFingerprint(` ${fp}= `)).toBe(fp);
    expect(normaliseFingerprint(fp.slice(7))).toBe(fp);
    expect(() => normaliseFingerprint('MD5:aa:bb')).toThrow(/looks like SHA256:/);
    expect(() => normaliseFingerprint('SHA256:short')).toThrow(/43 characters/);
  });

  it('names an unreadable key blob "unknown" rather than throwing', () => {
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
    expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1, 2]))).toBe('unknown');
  });
});
