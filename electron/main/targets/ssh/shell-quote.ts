/**
 * An SSH exec request is always one string that the remote user's shell parses, so every word we
 * put in it goes through here: POSIX single quotes, with each `'` written as `'\''`. Paths and URLs
 * a user typed can then never become shell syntax.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('A shell word cannot contain a NUL byte.');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `['node', '/a b/agent.mjs', 'attach']` → `node '/a b/agent.mjs' attach` */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
