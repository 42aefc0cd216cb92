import type { LibraryFolders, PathOwner } from './library-folders';

export type { PathOwner } from './library-folders';

/** A path of a live's source that its owner may not stream, and why. */
export interface RefusedPath {
  /** Its position in the source (0 for a file source, the playlist index otherwise). */
  readonly index: number;
  readonly message: string;
}

/**
 * What the library offers other domains (its module's exports, `deps.ports.find('library')`):
 * today, for the lives domain: on a shared engine, whether a live's owner may
 * stream these files (their own library folder; an admin, the whole library folder), checked
 * when a live is saved and again when it starts. Links are followed, so a link in one's folder
 * to someone else's file (or to the agent's own files) is refused.
 */
export interface LibraryPort {
  refusedPaths(owner: PathOwner, paths: readonly string[]): Promise<RefusedPath[]>;
}

export function libraryPort(folders: LibraryFolders): LibraryPort {
  return {
    async refusedPaths(owner, paths) {
      if (folders.mode === 'single-owner') return [];
      const allowed = folders.confinementOf(owner);
      const whose = owner.isAdmin ? 'the library folder' : 'your library folder';
      const refused: RefusedPath[] = [];
      for (const [index, file] of paths.entries()) {
        if (await folders.isInside(allowed, file)) continue;
        refused.push({
          index,
          message: `On a shared agent a live plays files from ${whose} only (${allowed}): import or upload this file into the library first.`,
        });
      }
      return refused;
    },
  };
}
