import type { ImportWarnings, IptvProblemCode } from '@shared/contract/iptv';
import type { CategoryRow, EncodedChannelRow } from '../catalog/catalog-builder';

/** The M3U worker's start: the values its secret dictionary takes out wherever they appear. */
export interface M3uJob {
  readonly known: readonly string[];
}

/** Main thread → worker: the playlist's bytes in order, then its end. */
export type M3uRequest = { readonly type: 'chunk'; readonly bytes: Uint8Array } | { readonly type: 'end' };

/**
 * Worker → main thread: one `rows` per chunk (its ack, so the main thread keeps a bounded number
 * of chunks in flight), then `done` (what the whole document said) or `failed`.
 */
export type M3uReply =
  | { readonly type: 'rows'; readonly categories: CategoryRow[]; readonly rows: EncodedChannelRow[] }
  | {
      readonly type: 'done';
      readonly epgUrls: string[];
      readonly sawHeader: boolean;
      readonly warnings: ImportWarnings;
      /** The dictionary's values in placeholder order. */
      readonly secrets: readonly string[];
    }
  | { readonly type: 'failed'; readonly code: IptvProblemCode; readonly message: string };
