/** Escapes a name for use inside a RegExp. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a message names this person: the whole name (or `@name`), any case, not inside a longer
 * word (`Streamers` does not mention `Streamer`). Names are letters, digits, spaces, `_ - .`.
 */
export function mentionsName(text: string, name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === '') return false;
  return new RegExp(`(?<![\\p{L}\\p{N}_])@?${escape(trimmed)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}
