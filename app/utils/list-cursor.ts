// Where a page of a list begins or ends, as an opaque token for ?after= and ?before=. It names a position
// in the list's order (a board name), never a board: any position is fine to ask for, since the list
// query applies the viewer's access whatever the cursor says. Opaque so the order can change later.

const BOARD_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PREFIX = "b1:";

export class InvalidCursorError extends Error {
  constructor(param: string) {
    super(`?${param}= is not a cursor this list gave out: follow the list's own links, or start again without it.`);
    this.name = "InvalidCursorError";
  }
}

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The cursor for a position just after (or before) the board named `name`. */
export function encodeBoardCursor(name: string): string {
  return toBase64Url(PREFIX + name);
}

/** The board name a cursor stands for; anything this code didn't make throws InvalidCursorError. */
export function decodeBoardCursor(cursor: string, param = "after"): string {
  if (!/^[A-Za-z0-9_-]{4,100}$/.test(cursor)) throw new InvalidCursorError(param);
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new InvalidCursorError(param);
  }
  const name = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : "";
  // Re-encoding must give the same text: one spelling per cursor, so nothing rides along in spare bits.
  if (name.length > 64 || !BOARD_NAME.test(name) || encodeBoardCursor(name) !== cursor) throw new InvalidCursorError(param);
  return name;
}

/** A board name as such: what `?after=` held before cursors were opaque, still accepted by GET /api/boards. */
export const isBoardName = (value: string) => value.length <= 64 && BOARD_NAME.test(value);
