/**
 * A stream key as pasted: platforms' pages often copy it with a trailing newline, a space or a
 * tab around (or inside, when it wrapped). A key never holds whitespace, so all of it goes.
 */
export function cleanStreamKey(text: string): string {
  return text.replace(/\s+/g, '');
}
