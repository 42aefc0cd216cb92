/** The mask shown in place of hidden characters (U+2022 bullets). */
export const MASK = '••••';

/** Below this length, showing 8 characters would reveal most of the secret: hide it all. */
const MIN_PARTIAL_LENGTH = 12;

/**
 * Show a secret so its owner can recognise it without anyone being able to use it:
 * `abcd1234efgh5678` → `abcd••••5678`; short values are fully masked (`••••`).
 */
export function maskSecret(value: string): string {
  if (value.length < MIN_PARTIAL_LENGTH) return MASK;
  return `${value.slice(0, 4)}${MASK}${value.slice(-4)}`;
}
