import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { hasControlCharacter } from '@shared/format/control-characters';

/** A name FFmpeg lists and every file system take: control characters become spaces, at most 200 characters. */
export function cleanFileName(name: string): string {
  let cleaned = (hasControlCharacter(name) ? name.replace(/\p{Cc}+/gu, ' ') : name).replace(/[/\\]/g, '_').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') cleaned = 'media';
  if (cleaned.length <= 200) return cleaned;
  const ext = path.extname(cleaned).slice(0, 12);
  return `${cleaned.slice(0, 200 - ext.length)}${ext}`;
}

/** `folder/name`, or `folder/name (2).ext`… when taken. */
export async function freePath(folder: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n += 1) {
    const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    const taken = await access(candidate, constants.F_OK).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
  throw new Error(`No free name for ${name} in ${folder}.`);
}
