import { appAddress } from "~/permissions/app-address";
import type { Db, Sql } from "~/db.server";
import type { ItemInput } from "~/forms/boards";
import { type AuditActor, recordChange } from "./audit.server";
import { isUniqueViolation } from "./manage-users.server";

export class BoardNameTakenError extends Error {
  constructor() {
    super("A board with that name exists already");
    this.name = "BoardNameTakenError";
  }
}

export class UnknownItemError extends Error {
  constructor() {
    super("That item is no longer on this board. The page has been refreshed.");
    this.name = "UnknownItemError";
  }
}

export interface BoardItem {
  id: string;
  kind: "app" | "note" | "integration";
  integrationId: string | null;
  options: Record<string, string>;
  title: string | null;
  url: string | null;
  iconUrl: string | null;
  newTab: boolean;
  body: string | null;
  /** An app tile that doesn't open the protected app it links into: that app (edit mode only, when asked for). */
  unopenedApp?: string | null;
}

const nameTaken = (error: unknown) => isUniqueViolation(error, "boards_name_key");

export async function createBoard(sql: Sql, actor: AuditActor, input: { name: string; title: string; isPublic: boolean }): Promise<string> {
  try {
    return await sql.begin(async (tx) => {
      const [b] = await tx<{ id: string }[]>`
        insert into boards (name, title, is_public, creator_id) values (${input.name}, ${input.title}, ${input.isPublic}, ${actor.userId})
        returning id`;
      await recordChange(tx, actor, "board.created", { type: "board", id: b.id }, input);
      return b.id;
    });
  } catch (error) {
    if (nameTaken(error)) throw new BoardNameTakenError();
    throw error;
  }
}

/** Name, title and the public flag; the audit row lists what changed. */
export async function updateBoard(
  sql: Sql,
  actor: AuditActor,
  id: string,
  input: { name?: string; title?: string; isPublic?: boolean },
): Promise<void> {
  await patchBoard(sql, actor, id, input);
}

/** Settings and (when given) the whole item list, in one transaction: all of it lands or none. */
export async function patchBoard(
  sql: Sql,
  actor: AuditActor,
  id: string,
  input: { name?: string; title?: string; isPublic?: boolean },
  items?: ItemInput[],
): Promise<void> {
  try {
    await sql.begin(async (tx) => {
      const [before] = await tx<{ name: string; title: string; isPublic: boolean }[]>`
        select name, title, is_public from boards where id = ${id} for update`;
      if (!before) return;
      const after = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      const changed = Object.fromEntries(
        (Object.keys(after) as Array<keyof typeof after>)
          .filter((k) => after[k] !== before[k])
          .map((k) => [k, { from: before[k], to: after[k] }]),
      );
      if (Object.keys(changed).length) {
        await tx`update boards set name = ${after.name}, title = ${after.title}, is_public = ${after.isPublic}, updated_at = now() where id = ${id}`;
        await recordChange(tx, actor, "board.updated", { type: "board", id }, changed);
      }
      if (items) await writeItems(tx as unknown as Sql, actor, id, items);
    });
  } catch (error) {
    if (nameTaken(error)) throw new BoardNameTakenError();
    throw error;
  }
}

export async function deleteBoard(sql: Sql, actor: AuditActor, board: { id: string; name: string }): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from boards where id = ${board.id}`;
    await recordChange(tx, actor, "board.deleted", { type: "board", id: board.id }, { name: board.name });
  });
}

export async function listItems(db: Db, boardId: string): Promise<BoardItem[]> {
  return db<BoardItem[]>`
    select id, kind, title, url, icon_url, new_tab, body, integration_id, options
      from board_items where board_id = ${boardId} order by position, created_at`;
}

const NONE = {
  title: null,
  url: null,
  icon_url: null,
  new_tab: false,
  body: null,
  integration_id: null,
  options: {},
  app_origin: null,
  app_path: null,
};
/**
 * Where an app tile's link goes, for forward auth. A link whose path reads two ways (an encoded `/` or
 * `\`: as written, and with it as a separator, `altPath`) gets no path, so it counts for no app: Porch
 * can't tell under which prefix the app will read it, and the wider reading would open a whole host
 * (attack21: `/photos%2Fgallery` counted for the app at `/`). Requests face the same rule from the other
 * side: both readings must be allowed.
 */
const linkOf = (url: string) => {
  const address = appAddress(url);
  return { app_origin: address?.origin ?? null, app_path: address && !address.altPath ? address.path : null };
};
const columns = (item: ItemInput) =>
  item.kind === "app"
    ? {
        ...NONE,
        title: item.title,
        url: item.url,
        icon_url: item.iconUrl ?? null,
        new_tab: item.newTab ?? false,
        // Where the tile links, as forward auth reads addresses: who sees it may open a protected app there.
        ...linkOf(item.url),
      }
    : item.kind === "note"
      ? { ...NONE, body: item.body }
      : { ...NONE, title: item.title ?? null, integration_id: item.integrationId, options: item.options ?? {} };

/**
 * Who a tile counts as placed by (it opens a protected app only if they hold app-protect now, ADR 033):
 * the person, unless the change came through an API key whose own permissions lack app-protect
 * (attack17: a board bot's key could otherwise grant apps with its owner's right).
 */
const placerOf = (actor: AuditActor) => (actor.apiKeyId && !actor.keyPermissions?.has("app-protect") ? null : actor.userId);

/** Item changes lock the board row first, so two editors can't interleave positions. */
async function withBoardLocked<T>(sql: Sql, boardId: string, work: (tx: Sql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select 1 from boards where id = ${boardId} for update`;
    return work(tx as unknown as Sql);
  }) as Promise<T>;
}

export async function addItem(sql: Sql, actor: AuditActor, boardId: string, item: ItemInput): Promise<string> {
  return withBoardLocked(sql, boardId, async (tx) => {
    const c = columns(item);
    const [row] = await tx<{ id: string }[]>`
      insert into board_items (board_id, position, kind, title, url, icon_url, new_tab, body, integration_id, options, app_origin, app_path, placed_by)
      values (${boardId}, (select coalesce(max(position), 0) + 1 from board_items where board_id = ${boardId}),
              ${item.kind}, ${c.title}, ${c.url}, ${c.icon_url}, ${c.new_tab}, ${c.body}, ${c.integration_id}, ${tx.json(c.options)},
              ${c.app_origin}, ${c.app_path}, ${placerOf(actor)})
      returning id`;
    await recordChange(tx, actor, "board.item.added", { type: "board", id: boardId }, { item: row.id, kind: item.kind });
    return row.id;
  });
}

export async function updateItem(sql: Sql, actor: AuditActor, boardId: string, itemId: string, item: ItemInput): Promise<void> {
  await withBoardLocked(sql, boardId, async (tx) => {
    const c = columns(item);
    const rows = await tx`
      update board_items set title = ${c.title}, url = ${c.url}, icon_url = ${c.icon_url}, new_tab = ${c.new_tab},
             body = ${c.body}, integration_id = ${c.integration_id}, options = ${tx.json(c.options)},
             app_origin = ${c.app_origin}, app_path = ${c.app_path}, placed_by = ${placerOf(actor)}, updated_at = now()
       where id = ${itemId} and board_id = ${boardId} and kind = ${item.kind}`;
    if (rows.count === 0) throw new UnknownItemError();
    await recordChange(tx, actor, "board.item.changed", { type: "board", id: boardId }, { item: itemId });
  });
}

export async function removeItem(sql: Sql, actor: AuditActor, boardId: string, itemId: string): Promise<void> {
  await withBoardLocked(sql, boardId, async (tx) => {
    const rows = await tx`delete from board_items where id = ${itemId} and board_id = ${boardId}`;
    if (rows.count === 0) throw new UnknownItemError();
    await recordChange(tx, actor, "board.item.removed", { type: "board", id: boardId }, { item: itemId });
  });
}

/** Swaps the item with its neighbour above (-1) or below (+1); at either end nothing moves. */
export async function moveItem(sql: Sql, actor: AuditActor, boardId: string, itemId: string, direction: -1 | 1): Promise<void> {
  await withBoardLocked(sql, boardId, async (tx) => {
    const items = await tx<{ id: string }[]>`select id from board_items where board_id = ${boardId} order by position, created_at`;
    const from = items.findIndex((i) => i.id === itemId);
    if (from < 0) throw new UnknownItemError();
    const to = from + direction;
    if (to < 0 || to >= items.length) return;
    [items[from], items[to]] = [items[to], items[from]];
    await tx`
      update board_items set position = v.position::int
        from (select unnest(${items.map((i) => i.id)}::uuid[]) as id, generate_subscripts(${items.map((i) => i.id)}::uuid[], 1) as position) v
       where board_items.id = v.id`;
    await recordChange(tx, actor, "board.item.moved", { type: "board", id: boardId }, { item: itemId, to: to + 1 });
  });
}

/** The item list becomes exactly `items`, in order (the caller holds the board's row lock). */
async function writeItems(tx: Sql, actor: AuditActor, boardId: string, items: ItemInput[]): Promise<void> {
  // A tile written again as it was (a reorder: the API's items carry no ids) keeps whoever placed it,
  // so rewriting the list never turns someone else's link into one that opens an app (attack17).
  const placed = await tx<{ url: string; placedBy: string | null }[]>`
    delete from board_items where board_id = ${boardId} returning url, placed_by`;
  const before = new Map<string, Array<string | null>>();
  for (const p of placed) if (p.url !== null) before.set(p.url, [...(before.get(p.url) ?? []), p.placedBy]);
  for (const [index, item] of items.entries()) {
    const c = columns(item);
    const kept = c.url !== null ? before.get(c.url)?.shift() : undefined;
    const placer = kept !== undefined ? kept : placerOf(actor);
    await tx`
      insert into board_items (board_id, position, kind, title, url, icon_url, new_tab, body, integration_id, options, app_origin, app_path, placed_by)
      values (${boardId}, ${index + 1}, ${item.kind}, ${c.title}, ${c.url}, ${c.icon_url}, ${c.new_tab}, ${c.body}, ${c.integration_id},
              ${tx.json(c.options)}, ${c.app_origin}, ${c.app_path}, ${placer})`;
  }
  await recordChange(tx, actor, "board.items.replaced", { type: "board", id: boardId }, { count: items.length });
}
