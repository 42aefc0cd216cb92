import { z } from 'zod';
import { MESSAGES } from '../messages/catalog';

/**
 * Lists that can grow without bound are read a page at a time. A page is returned in a stable
 * order with an opaque `nextCursor` (null on the last page); passing it back gives the next one.
 * Cursors are keyset positions (the sort key of the last item), so items added or removed
 * between two calls never make a page repeat or skip one of the others.
 */
export const Cursor = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a page cursor: pass back the nextCursor of the previous page.');

/** The input fields of a paged list method. */
export function pageInput(limits: { defaultLimit: number; maxLimit: number }) {
  return {
    cursor: Cursor.optional(),
    limit: z
      .number()
      .int()
      .min(1, 'A page holds at least 1 item.')
      .max(limits.maxLimit, `A page holds at most ${limits.maxLimit} items.`)
      .default(limits.defaultLimit),
  };
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: Cursor.nullable() });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the values of the sort columns of the last item sent. */
export type CursorKey = readonly (string | number)[];

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeCursor(key: CursorKey): string {
  let binary = '';
  for (const byte of utf8.encode(JSON.stringify(key))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The key inside a cursor, checked against the kinds of its columns; null for anything else (a
 * cursor of another list, a forged one). The caller answers INVALID_PARAMS.
 */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): CursorKey | null {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const key: unknown = JSON.parse(fromUtf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!Array.isArray(key) || key.length !== kinds.length) return null;
    return key.every((v, i) => typeof v === kinds[i] && (typeof v !== 'number' || Number.isFinite(v))) ? key : null;
  } catch {
    return null;
  }
}

/** The answer when a cursor does not decode. */
export const BAD_CURSOR_MESSAGE = MESSAGES['paging.badCursor'];

/** Every item of a paged list, page after page (for lists known to stay small: a tray, a CLI). */
export async function readAllPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
