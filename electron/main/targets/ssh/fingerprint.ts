import { createHash } from 'node:crypto';

/** As OpenSSH prints a host key (`ssh-keygen -lf`, the "key fingerprint is" line). */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** `SHA256:` + base64 (no padding) of the SHA-256 of the key blob, exactly as OpenSSH shows it. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm named at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`…). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** A fingerprint typed or pasted by a user (padding, spaces and the `SHA256:` prefix are forgiven). */
export function normaliseFingerprint(raw: string): string {
  const body = raw
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
  const fingerprint = `SHA256:${body}`;
  if (!FINGERPRINT_PATTERN.test(fingerprint)) {
    throw new Error('A host key fingerprint looks like SHA256:… followed by 43 characters (as ssh-keygen -lf prints it).');
  }
  return fingerprint;
}
