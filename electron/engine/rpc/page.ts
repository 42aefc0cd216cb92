import { RpcError } from '@shared/contract/errors';
import { BAD_CURSOR_MESSAGE, decodeCursor, encodeCursor, type CursorKey, type Page } from '@shared/contract/paging';
import { engineMessage } from '@shared/messages/engine-message';

/**
 * Build one page from rows read with `LIMIT limit + 1` (the extra row only says whether there is
 * more). With `maxBytes`, the page also stops before the item that would take its JSON past it
 * (never before the first), so a page of large items still fits in a frame.
 */
export function pageOfRows<R, T>(
  rows: readonly R[],
  options: { limit: number; view: (row: R) => T; keyOf: (row: R) => CursorKey; maxBytes?: number },
): Page<T> {
  const items: T[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, options.limit)) {
    const item = options.view(row);
    if (options.maxBytes !== undefined) {
      bytes += JSON.stringify(item).length;
      if (items.length > 0 && bytes > options.maxBytes) break;
    }
    items.push(item);
  }
  const last = rows[items.length - 1];
  const more = rows.length > items.length;
  return { items, nextCursor: more && last !== undefined ? encodeCursor(options.keyOf(last)) : null };
}

/** The key inside a client's cursor, or INVALID_PARAMS naming the method. */
export function cursorKey(
  method: string,
  cursor: string | undefined,
  kinds: readonly ('string' | 'number')[],
): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, kinds);
  if (!key)
    throw RpcError.of('INVALID_PARAMS', engineMessage('paging.badCursor'), {
      method,
      issues: [{ path: ['cursor'], message: BAD_CURSOR_MESSAGE }],
    });
  return key;
}
