/** The dots shown in place of the hidden middle of a secret. */
export const MASK = '••••';

/**
 * Show a secret the way a streamer recognises it without revealing it: `abcd••••wxyz`.
 * Short secrets reveal less (never more than a quarter of their characters), so a short key
 * cannot be rebuilt from its masked form.
 */
export function maskSecret(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  if (shown === 0) return MASK;
  return `${secret.slice(0, shown)}${MASK}${secret.slice(-shown)}`;
}
