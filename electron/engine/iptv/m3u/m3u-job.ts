import type { ImportWarnings, IptvProblemCode } from '@shared/contract/iptv';
import type { CategoryRow, ChannelRow } from '../catalog/catalog-builder';
import type { ByteSourceSpec } from '../net/byte-source';
import type { FetchPolicy } from '../net/http-get';

/** What the main thread asks the M3U worker: read this playlist into channel rows. */
export interface M3uJob {
  readonly source: ByteSourceSpec;
  readonly userAgent: string;
  readonly policy: FetchPolicy;
  readonly maxBytes: number;
  readonly maxChannels: number;
  /** The provider's login, taken out of channel URLs wherever it appears (and masked in messages). */
  readonly knownSecrets: readonly string[];
}

/** Worker → main. After each `rows`, the worker waits for an ack before running far ahead. */
export type M3uWorkerMessage =
  | { readonly type: 'rows'; readonly categories: CategoryRow[]; readonly rows: ChannelRow[] }
  | {
      readonly type: 'done';
      readonly epgUrls: string[];
      /** The URL dictionary (credentials taken out of channel URLs), for the SecretStore. */
      readonly secrets: string[];
      readonly warnings: ImportWarnings;
    }
  | { readonly type: 'failed'; readonly code: IptvProblemCode; readonly message: string };
