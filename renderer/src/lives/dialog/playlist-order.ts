/** The playlist's files as the dialog keeps them: one path a line, blank lines ignored. */
export function playlistPaths(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** `paths` with the file at `from` put at `to` (both clamped into the list); a new array. */
export function moveTo(paths: readonly string[], from: number, to: number): string[] {
  const next = [...paths];
  if (from < 0 || from >= next.length) return next;
  const [moved] = next.splice(from, 1);
  const at = Math.max(0, Math.min(next.length, to));
  next.splice(at, 0, moved as string);
  return next;
}

/** A file's name without its folders, as the order list shows it (the full path is its title). */
export function fileLabel(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}
