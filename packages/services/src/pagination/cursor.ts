import { badInput } from '@tollgate/core';

/** A keyset position: the (instant, id) of the last row seen. Opaque to callers. */
export interface Cursor {
  at: Date;
  id: string;
}

export const encodeCursor = (cursor: Cursor): string => Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');

export function decodeCursor(text: string | null | undefined): Cursor | null {
  if (!text) return null;
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const instant = new Date(at ?? '');
  if (!id || Number.isNaN(instant.getTime())) throw badInput('after is not a cursor from this connection', 'INVALID_CURSOR', { field: 'after' });
  return { at: instant, id };
}

/** Page size between 1 and `max`, 50 by default. */
export function pageSize(first: number | null | undefined, max = 500): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > max) throw badInput(`first must be 1 to ${max}`, 'INVALID_PAGE_SIZE', { field: 'first' });
  return size;
}

/** A Relay-style page: each node with its cursor, and whether more follow. */
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** Turns `limit + 1` rows into a page: the extra row only says there is a next page. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): Page<T> {
  const edges = rows.slice(0, limit).map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { endCursor: edges[edges.length - 1]?.cursor ?? null, hasNextPage: rows.length > limit } };
}
