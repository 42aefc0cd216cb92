import { redactSecrets } from './redact';

/** POSIX-shell quoting, so a logged command can be pasted into a terminal to reproduce a run. */
export function quoteArg(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `ffmpeg -i 'my file.mp4' … rtmp://host/app/••••wxyz`: quoted, with every secret masked. */
export function formatCommandLine(command: string, args: readonly string[], secrets: readonly string[] = []): string {
  return [command, ...args].map((arg) => quoteArg(redactSecrets(arg, secrets))).join(' ');
}
