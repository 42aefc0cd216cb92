/** The dots shown in place of the hidden part of a secret (U+2022 bullets). */
export const MASK = '••••';

/** A mask never shows more than this many characters, and only the last ones. */
export const MASK_SHOWN_MAX = 4;

/** Below this length, even 4 characters would be more than a quarter of the secret: hide it all. */
const MIN_PARTIAL_LENGTH = 16;

/**
 * The one way the product shows a secret (stream keys, tokens, keys in logs): enough for its owner
 * to recognise it, never enough to use or rebuild it. `live_123456789_AbCdEfGh` → `••••EfGh`;
 * a secret under 16 characters → `••••`. Masking a mask returns it unchanged, so redacting twice
 * is harmless.
 */
export function maskSecret(secret: string): string {
  if (isMask(secret)) return secret;
  if (secret.length < MIN_PARTIAL_LENGTH) return MASK;
  return `${MASK}${secret.slice(-MASK_SHOWN_MAX)}`;
}

/** Whether `value` is something `maskSecret` produced. */
export function isMask(value: string): boolean {
  return value.startsWith(MASK) && value.length <= MASK.length + MASK_SHOWN_MAX && !value.slice(MASK.length).includes('•');
}
