import { engineMessage } from '@shared/messages/engine-message';
import { RpcError } from '@shared/contract/errors';

/**
 * Page cursors: where the last page ended, in the catalog generation it was read from. A cursor
 * from an older generation is refused (the order may have changed), so a client never gets a
 * page that skips or repeats channels without knowing.
 */
export interface CursorState {
  /** Catalog generation. */
  readonly g: number;
  /** Last position (channel id order) or category position. */
  readonly a?: number;
  /** Recent view: last watched time and channel key. */
  readonly w?: number;
  readonly k?: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string | null, generation: number): CursorState | null {
  if (cursor === null) return null;
  let state: CursorState;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
  } catch {
    throw RpcError.of('INVALID_PARAMS', engineMessage('iptv.foreignCursor'));
  }
  if (typeof state !== 'object' || state === null || typeof state.g !== 'number') {
    throw RpcError.of('INVALID_PARAMS', engineMessage('iptv.foreignCursor'));
  }
  if (state.g !== generation) {
    throw RpcError.of('CONFLICT', engineMessage('iptv.catalogChanged'));
  }
  return state;
}
