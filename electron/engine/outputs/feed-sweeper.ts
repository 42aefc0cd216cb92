import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Segments a live wrote that were never published (it was not the one on air): gone after this. */
const UNPUBLISHED_MS = 30_000;
/** A feed folder nobody wrote to for this long belongs to a live that stopped: removed. */
const IDLE_FOLDER_MS = 10 * 60_000;
/** Looking costs a directory read per feed: not at every tick. */
const EVERY_MS = 5000;

/**
 * Keeps an output's `feeds/` folder from growing: every live that feeds it writes segments there,
 * and only the one on air has them moved into the timeline. Lives deleted or long stopped leave
 * their folder behind; it goes too.
 */
export class FeedSweeper {
  #lastAt = 0;

  constructor(
    private readonly feedsDir: string,
    private readonly now: () => number,
  ) {}

  async sweep(onAir: string | null): Promise<void> {
    const now = this.now();
    if (now - this.#lastAt < EVERY_MS) return;
    this.#lastAt = now;
    for (const liveId of await readdir(this.feedsDir).catch(() => [] as string[])) {
      const dir = path.join(this.feedsDir, liveId);
      // The folder's own time too: a live that just started has made it but written nothing yet.
      let newest = (await stat(dir).catch(() => null))?.mtimeMs ?? now;
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) continue;
        newest = Math.max(newest, info.mtimeMs);
        const segment = name.endsWith('.ts') || name.endsWith('.tmp');
        if (segment && now - info.mtimeMs > UNPUBLISHED_MS) await rm(file, { force: true });
      }
      if (liveId !== onAir && now - newest > IDLE_FOLDER_MS) await rm(dir, { recursive: true, force: true });
    }
  }
}
