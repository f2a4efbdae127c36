// Who sees each item of a board (issue #22), the JS half: what the SQL half (board-items.server.ts)
// learned about one item for one person, turned into "shown or not" in one place.
import { boardAllows, type BoardLevel } from "./boards";

/** An item limited to some people and groups; null on an item everyone who sees the board sees. */
export interface ItemAudience {
  users: Array<{ id: string; username: string }>;
  groups: Array<{ id: string; name: string }>;
}

/** What the database says about an item's audience, seen from one person (or one group, for "View as"). */
export interface AudienceFacts {
  /** Not limited, or the person is named, or is in a named group (`everyone` included for signed-in people). */
  inAudience: boolean;
  visibleTo: ItemAudience | null;
}

/**
 * The rule: someone who sees the board sees an item in its audience; the board's editors (modify) see
 * every item, since they edit them, with who it is limited to. Nobody else learns that an item exists.
 */
export function seesItem(level: BoardLevel | null, item: AudienceFacts): boolean {
  return level !== null && (item.inAudience || boardAllows(level, "modify"));
}

/**
 * The items someone at `level` is shown, in order: the audience facts taken off, and `visibleTo` kept
 * for editors only (a viewer isn't told who else sees an item).
 */
export function itemsSeenAt<T extends AudienceFacts>(
  level: BoardLevel | null,
  items: readonly T[],
): Array<Omit<T, "inAudience" | "visibleTo"> & { visibleTo?: ItemAudience | null }> {
  const editor = boardAllows(level, "modify");
  return items.filter((i) => seesItem(level, i)).map(({ inAudience: _, visibleTo, ...item }) => (editor ? { ...item, visibleTo } : item));
}

/**
 * Whether an app tile on a board the subject sees opens its protected app for them (forward auth): only
 * a tile in their audience does, whatever their level, so a tile shown to an editor only to edit it
 * grants nothing. `userId` null (a guest, a key not acting as its owner): only tiles for everyone.
 */
export const tileCountsFor = (userId: string | null, tile: { forAll: boolean; forUser: boolean }) =>
  tile.forAll || (userId !== null && tile.forUser);
