import { randomUUID } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import { LIBRARY_LIMITS, type ImportMode, type ImportProgress, type ItemNote } from '@shared/contract/library';
import { hasControlCharacter } from '@shared/format/control-characters';
import type { ItemRecord, ItemStore, NewItem } from '../items/item-store';
import type { LibraryFolders, PathOwner } from '../library-folders';
import { collectFiles, type FoundFile } from './collect-files';
import { copyWithProgress, moveWithProgress } from './file-copy';
import { cleanFileName, freePath } from './file-names';
import { fingerprintOf } from './fingerprint';

export interface ImporterDeps {
  readonly store: ItemStore;
  readonly folders: LibraryFolders;
  /** Store a new item (status `probing`), announce it and queue its probe. */
  readonly register: (item: NewItem) => ItemRecord;
  /** Wait for an item's probe (and thumbnails). */
  readonly probed: (itemId: string) => Promise<void>;
  readonly progress: (progress: ImportProgress) => void;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

type Outcome = { kind: 'added'; item: ItemRecord } | { kind: 'duplicate'; item: ItemRecord };

/**
 * Imports: paths on the engine's machine (files, and folders scanned for media), copied or moved
 * into the caller's library folder or referenced where they are (the desktop); duplicates (same
 * size and both ends) are skipped; progress is pushed as `library.importProgress`. On a shared
 * agent a user imports only what is already in their own folder (their uploads).
 */
export class Importer {
  constructor(private readonly deps: ImporterDeps) {}

  /** Check the request, then import in the background; returns the import's id at once. */
  async start(caller: PathOwner, paths: readonly string[], mode: ImportMode): Promise<string> {
    const { folders } = this.deps;
    if (mode === 'reference' && !folders.canReference) {
      throw new RpcError(
        'INVALID_PARAMS',
        'On a shared agent every file lives in its owner’s library folder: import by copy or move instead of reference.',
      );
    }
    if (folders.mode === 'shared' && !caller.isAdmin) {
      const mine = folders.folderOf(caller.userId);
      for (const given of paths) {
        if (!(await folders.isInside(mine, given))) {
          throw new RpcError(
            'FORBIDDEN',
            `On a shared agent you import files from your own library folder only (${mine}): upload them there first.`,
          );
        }
      }
    }
    const importId = randomUUID();
    void this.#run(importId, caller, paths, mode).catch((error: unknown) => this.deps.log(`Import ${importId} failed`, error));
    return importId;
  }

  /**
   * Register one file already in the caller's folder (an SFTP upload) and wait for its probe. A
   * copy of an item the caller already has is removed, and that item returned.
   */
  async registerInPlace(caller: PathOwner, file: string): Promise<{ item: ItemRecord; duplicate: boolean }> {
    const mine = await this.deps.folders.ensureFolderOf(caller.userId);
    if (!(await this.deps.folders.isInside(mine, file))) {
      throw new RpcError(
        'FORBIDDEN',
        `library.importPath registers a file already in your library folder (${mine}); use library.import for other files.`,
      );
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new RpcError('NOT_FOUND', 'No file at this path.');
    const outcome = await this.#importOne(caller, { path: file, size: info.size }, 'reference', mine, () => undefined);
    if (outcome.kind === 'duplicate') {
      if (outcome.item.path !== file) await unlink(file).catch(() => undefined);
      return { item: outcome.item, duplicate: true };
    }
    await this.deps.probed(outcome.item.id);
    return { item: this.deps.store.get(outcome.item.id) ?? outcome.item, duplicate: false };
  }

  async #run(importId: string, caller: PathOwner, paths: readonly string[], mode: ImportMode): Promise<void> {
    const collected = await collectFiles(paths, LIBRARY_LIMITS.filesPerImport);
    const progress: ImportProgress = {
      importId,
      ownerId: caller.userId,
      state: 'running',
      filesTotal: collected.files.length,
      filesDone: 0,
      bytesTotal: collected.files.reduce((sum, f) => sum + f.size, 0),
      bytesDone: 0,
      current: null,
      added: 0,
      duplicates: 0,
      failures: collected.failures.slice(0, 100),
      note: collected.note,
    };
    let sentAt = 0;
    const send = (force = false): void => {
      const now = this.deps.now();
      if (!force && now - sentAt < 250) return;
      sentAt = now;
      this.deps.progress({ ...progress, failures: [...progress.failures] });
    };
    send(true);
    const folder = await this.deps.folders.ensureFolderOf(caller.userId);
    for (const file of collected.files) {
      progress.current = path.basename(file.path);
      send(true);
      const before = progress.bytesDone;
      try {
        const outcome = await this.#importOne(caller, file, mode, folder, (bytes) => {
          progress.bytesDone += bytes;
          send();
        });
        if (outcome.kind === 'added') progress.added += 1;
        else progress.duplicates += 1;
      } catch (error) {
        this.deps.log(`Importing ${file.path} failed`, error);
        if (progress.failures.length < 100)
          progress.failures.push({ name: path.basename(file.path), message: failureMessage(error) });
      }
      progress.bytesDone = before + file.size;
      progress.filesDone += 1;
    }
    progress.state = 'done';
    progress.current = null;
    send(true);
  }

  async #importOne(
    caller: PathOwner,
    file: FoundFile,
    mode: ImportMode,
    folder: string,
    onBytes: (bytes: number) => void,
  ): Promise<Outcome> {
    const { store } = this.deps;
    const fingerprint = await fingerprintOf(file.path);
    const same =
      store.byPath(file.path).find((i) => i.ownerId === caller.userId) ?? store.findByFingerprint(caller.userId, fingerprint);
    if (same) return { kind: 'duplicate', item: same };
    const name = path.basename(file.path);
    const notes: ItemNote[] = [];
    const inPlace = mode === 'reference' || (await this.deps.folders.isInside(folder, file.path));
    let target = file.path;
    if (inPlace) {
      if (hasControlCharacter(name)) notes.push(CONTROL_CHARACTER_NOTE);
    } else {
      const clean = cleanFileName(name);
      target = await freePath(folder, clean);
      if (clean !== name) notes.push(renamedNote(path.basename(target)));
      if (mode === 'move') await moveWithProgress(file.path, target, onBytes, file.size);
      else await copyWithProgress(file.path, target, onBytes);
    }
    const info = await stat(target);
    const item = this.deps.register({
      id: randomUUID(),
      ownerId: caller.userId,
      name: path.basename(target),
      path: target,
      storage: inPlace && !(await this.deps.folders.isInside(folder, target)) ? 'reference' : 'library',
      sizeBytes: info.size,
      fileMtimeMs: info.mtimeMs,
      fingerprint,
      addedAt: this.deps.now(),
      status: 'probing',
      notes,
      media: null,
      verdict: null,
      thumbs: null,
      originalId: null,
      rendition: null,
    });
    return { kind: 'added', item };
  }
}

/** Notes about the file's name that a probe keeps (it only knows the content). */
export const NAME_NOTE_CODES: ReadonlySet<ItemNote['code']> = new Set(['controlCharacterName', 'renamed']);

const CONTROL_CHARACTER_NOTE: ItemNote = {
  code: 'controlCharacterName',
  severity: 'error',
  message:
    'Its name contains a line break or another control character, which FFmpeg’s playlists cannot hold: rename the file, or import it by copy (the copy gets a clean name).',
};

function renamedNote(stored: string): ItemNote {
  return {
    code: 'renamed',
    severity: 'info',
    message: `Stored as “${stored}”: its name had a line break or another control character, which FFmpeg’s playlists cannot hold.`,
  };
}

function failureMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'The disk of the library folder is full.';
  if (code === 'EACCES' || code === 'EPERM') return 'The engine may not read the file or write in the library folder.';
  if (code === 'ENOENT') return 'The file disappeared during the import.';
  return 'The file could not be imported.';
}
