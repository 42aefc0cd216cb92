import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** What a folder scan picks up (a file named explicitly is imported whatever its extension). */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set(
  [
    'mp4',
    'm4v',
    'mov',
    'mkv',
    'webm',
    'avi',
    'flv',
    'ts',
    'm2ts',
    'mts',
    'mpg',
    'mpeg',
    'wmv',
    'ogv',
    '3gp',
    'mxf',
    'mp3',
    'm4a',
    'aac',
    'flac',
    'wav',
    'ogg',
    'opus',
    'ac3',
    'eac3',
    'mka',
  ].map((ext) => `.${ext}`),
);

export interface FoundFile {
  readonly path: string;
  readonly size: number;
}

export interface Collected {
  readonly files: FoundFile[];
  readonly failures: { name: string; message: string }[];
  /** Set when the scan stopped at the limit. */
  readonly note: string | null;
}

/**
 * The files an import brings in: each path given, and the media files under each folder given
 * (recursively, hidden entries and links to folders skipped), at most `limit` in all.
 */
export async function collectFiles(paths: readonly string[], limit: number): Promise<Collected> {
  const files: FoundFile[] = [];
  const failures: { name: string; message: string }[] = [];
  const seen = new Set<string>();
  let stopped = false;
  const add = (file: string, size: number): void => {
    if (seen.has(file)) return;
    if (files.length >= limit) {
      stopped = true;
      return;
    }
    seen.add(file);
    files.push({ path: file, size });
  };
  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      failures.push({ name: folder, message: 'This folder could not be read.' });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (stopped) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if ((entry.isFile() || entry.isSymbolicLink()) && MEDIA_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        const info = await stat(full).catch(() => null);
        if (info?.isFile()) add(full, info.size);
      }
    }
  };
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      const message = info.code === 'EACCES' ? 'The engine may not read it (permission denied).' : 'Nothing is there.';
      failures.push({ name: given, message });
    } else if (info.isDirectory()) await walk(given);
    else if (info.isFile()) add(given, info.size);
    else failures.push({ name: given, message: 'This is neither a file nor a folder.' });
  }
  return {
    files,
    failures,
    note: stopped ? `The import stopped at ${limit} files: import the rest in another go.` : null,
  };
}
