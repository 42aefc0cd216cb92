import { createHash } from 'node:crypto';
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** Who a path is checked for: the owner of a live or the caller of an import. */
export interface PathOwner {
  readonly userId: string;
  readonly isAdmin: boolean;
}

/**
 * Where library files live. One folder per engine (`<dataDir>/media` unless an admin moved it):
 * on the desktop it is the folder; on a shared agent each user has `users/<id>` under it, and
 * files a user streams must sit in their own folder (admins: anywhere under the library folder).
 * The agent's SFTP uploads land in the same `media` folder (electron/main/targets/ssh/agent-layout.ts).
 */
export class LibraryFolders {
  constructor(
    private readonly db: DatabaseSync,
    private readonly dataDir: string,
    readonly mode: 'single-owner' | 'shared',
  ) {}

  /** The engine's library folder. */
  root(): string {
    const row = this.db.prepare("SELECT value FROM library_settings WHERE key = 'folder'").get() as { value: string } | undefined;
    return row?.value ?? path.join(this.dataDir, 'media');
  }

  setRoot(folder: string): void {
    this.db
      .prepare(
        "INSERT INTO library_settings (key, value) VALUES ('folder', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(path.resolve(folder));
  }

  /** Referencing files in place is for the desktop; a shared agent keeps every file in its owner's folder. */
  get canReference(): boolean {
    return this.mode === 'single-owner';
  }

  /** The folder a user's imports and uploads fill. */
  folderOf(userId: string): string {
    return this.mode === 'single-owner' ? this.root() : path.join(this.root(), 'users', folderName(userId));
  }

  async ensureFolderOf(userId: string): Promise<string> {
    const folder = this.folderOf(userId);
    await mkdir(folder, { recursive: true, mode: 0o750 });
    return folder;
  }

  /** The folder `owner` may stream from on a shared engine: their own, or the whole library for an admin. */
  confinementOf(owner: PathOwner): string {
    return owner.isAdmin ? this.root() : this.folderOf(owner.userId);
  }

  /**
   * Whether `file` is inside `folder` once links are followed (a link in one's folder pointing at
   * someone else's file, or at /etc, is outside). A file that does not exist yet is judged by
   * its folder's real path.
   */
  async isInside(folder: string, file: string): Promise<boolean> {
    const realFolder = await realpath(folder).catch(() => path.resolve(folder));
    const realFile = await realPathOf(file);
    return realFile.startsWith(realFolder + path.sep);
  }
}

/** The real path of a file, or of its parent folder + its name when it does not exist. */
async function realPathOf(file: string): Promise<string> {
  const resolved = path.resolve(file);
  try {
    return await realpath(resolved);
  } catch {
    const parent = await realpath(path.dirname(resolved)).catch(() => path.dirname(resolved));
    return path.join(parent, path.basename(resolved));
  }
}

/** A user id as a folder name: as it is when it is plain, else a hash (never `..` or a separator). */
function folderName(userId: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(userId)) return userId;
  return `u-${createHash('sha256').update(userId).digest('hex').slice(0, 24)}`;
}
