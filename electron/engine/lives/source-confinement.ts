import type { RpcIssue } from '@shared/contract/errors';
import type { Source } from '@shared/contract/lives';
import type { Caller } from '../context';
import type { LibraryPort } from '../library/ports';

/** The local files a source plays (none for URLs, channels and the test pattern). */
export function sourcePaths(source: Source): string[] {
  if (source.kind === 'file') return [source.path];
  if (source.kind === 'playlist') return [...source.paths];
  return [];
}

/**
 * On a shared engine a live plays only files of its owner's library folder (the library's
 * `LibraryPort`, read when asked: the library is built after lives): asked when a source is saved
 * and again at every start, since a link or the library folder may have changed in between.
 * Without a library module, nothing is refused.
 */
export class SourceConfinement {
  constructor(private readonly port: () => LibraryPort | undefined) {}

  /** Issues at `source.path` / `source.paths.N`, for an INVALID_PARAMS answer. */
  async issues(owner: Caller, source: Source): Promise<RpcIssue[]> {
    const paths = sourcePaths(source);
    const port = this.port();
    if (!port || paths.length === 0) return [];
    const refused = await port.refusedPaths({ userId: owner.userId, isAdmin: owner.isAdmin }, paths);
    return refused.map(({ index, message }) => ({
      path: source.kind === 'file' ? ['source', 'path'] : ['source', 'paths', index],
      message,
    }));
  }

  /** The first refusal's sentence, or null (what a start says). */
  async refusal(owner: Caller, source: Source): Promise<string | null> {
    const [first] = await this.issues(owner, source);
    return first?.message ?? null;
  }
}
