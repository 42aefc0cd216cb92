import type { IptvProblemCode } from '@shared/contract/iptv';
import type { ByteSourceSpec } from '../net/byte-source';
import type { FetchPolicy } from '../net/http-get';

/** What the main thread asks the EPG worker to do: read these guides into one new generation. */
export interface EpgJob {
  readonly dbPath: string;
  readonly seq: number;
  readonly generation: number;
  readonly sources: readonly ByteSourceSpec[];
  readonly userAgent: string;
  readonly policy: FetchPolicy;
  readonly maxBytes: number;
  /** Programmes ending before `fromMs` or starting after `toMs` are not kept. */
  readonly window: { readonly fromMs: number; readonly toMs: number };
  /** Masked in messages (Xtream login inside xmltv.php URLs). */
  readonly secrets: readonly string[];
}

export interface EpgSourceProblem {
  readonly label: string;
  readonly code: IptvProblemCode;
  readonly message: string;
}

/** The worker's one answer. `done` with problems: some sources failed, the others were read. */
export type EpgReply =
  | { readonly type: 'done'; readonly programmes: number; readonly skipped: number; readonly problems: EpgSourceProblem[] }
  | { readonly type: 'failed'; readonly code: IptvProblemCode; readonly message: string };
