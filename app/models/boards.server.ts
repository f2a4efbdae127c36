import { appAddress } from "~/permissions/app-address";
import { itemLabel } from "~/utils/item-label";
import type { ItemAudience } from "~/permissions/board-items";
import type { Db, Sql } from "~/db.server";
import type { ItemInput } from "~/forms/boards";
import { type AuditActor, recordChange } from "./audit.server";
import { audienceNames, writeAudience, type Audience } from "./item-audience.server";
import { isUniqueViolation } from "./manage-users.server";
import { refuseManagedResource } from "./managed.server";

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
  /** Who a limited item is for (null: everyone who sees the board); given to the board's editors only. */
  visibleTo?: ItemAudience | null;
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

/**
 * An item to write with who sees it: null is everyone who sees the board; undefined keeps the audience
 * of the item it was (its id, else the same content), and a new item's is everyone.
 */
export type PlacedItem = ItemInput & { audience?: Audience };

/** Settings and (when given) the whole item list, in one transaction: all of it lands or none. */
export async function patchBoard(
  sql: Sql,
  actor: AuditActor,
  id: string,
  input: { name?: string; title?: string; isPublic?: boolean },
  items?: PlacedItem[],
): Promise<void> {
  try {
    await sql.begin(async (tx) => {
      const [before] = await tx<{ name: string; title: string; isPublic: boolean }[]>`
        select name, title, is_public from boards where id = ${id} for update`;
      if (!before) return;
      await refuseManagedResource(tx, actor, "boards", id);
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
    await refuseManagedResource(tx, actor, "boards", board.id);
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
async function withBoardLocked<T>(sql: Sql, actor: AuditActor, boardId: string, work: (tx: Sql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select 1 from boards where id = ${boardId} for update`;
    // A board the provisioning file keeps: its items are the file's (ADR 044).
    await refuseManagedResource(tx, actor, "boards", boardId);
    return work(tx as unknown as Sql);
  }) as Promise<T>;
}

export async function addItem(sql: Sql, actor: AuditActor, boardId: string, item: ItemInput): Promise<string> {
  return withBoardLocked(sql, actor, boardId, async (tx) => {
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
  await withBoardLocked(sql, actor, boardId, async (tx) => {
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
  await withBoardLocked(sql, actor, boardId, async (tx) => {
    const rows = await tx`delete from board_items where id = ${itemId} and board_id = ${boardId}`;
    if (rows.count === 0) throw new UnknownItemError();
    await recordChange(tx, actor, "board.item.removed", { type: "board", id: boardId }, { item: itemId });
  });
}

/** Swaps the item with its neighbour above (-1) or below (+1); at either end nothing moves. */
export async function moveItem(sql: Sql, actor: AuditActor, boardId: string, itemId: string, direction: -1 | 1): Promise<void> {
  await withBoardLocked(sql, actor, boardId, async (tx) => {
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
async function writeItems(tx: Sql, actor: AuditActor, boardId: string, items: PlacedItem[]): Promise<void> {
  const before = await tx<BeforeItem[]>`
    select id, kind, title, url, body, integration_id, placed_by, limited,
           array(select user_id::text from board_item_users where item_id = i.id) as "userIds",
           array(select group_id::text from board_item_groups where item_id = i.id) as "groupIds"
      from board_items i where board_id = ${boardId}`;
  await tx`delete from board_items where board_id = ${boardId}`;
  const audienceOf = (b: BeforeItem): Audience => (b.limited ? { userIds: b.userIds, groupIds: b.groupIds } : null);
  // Which item of before a written one is: the id it carries (from GET), else the same content. An item
  // sent without `visibleTo` keeps that one's audience (attack32: a script that reorders the list,
  // written before audiences existed, must not show every limited item to everyone); a new one is for everyone.
  const unmatched = new Set(before);
  const byId = new Map(before.map((b) => [b.id, b]));
  const contentOf = (x: { kind: string; title: string | null; url: string | null; body: string | null; integrationId: string | null }) =>
    JSON.stringify([x.kind, x.title, x.url, x.body, x.integrationId]);
  const byContent = new Map<string, BeforeItem[]>();
  for (const b of before) byContent.set(contentOf(b), [...(byContent.get(contentOf(b)) ?? []), b]);
  const matchOf = (item: PlacedItem, c: ReturnType<typeof columns>) => {
    const byItsId = item.id ? byId.get(item.id) : undefined;
    const found =
      byItsId && unmatched.has(byItsId)
        ? byItsId
        : byContent.get(contentOf({ kind: item.kind, ...c, integrationId: c.integration_id }))?.find((b) => unmatched.has(b));
    if (found) unmatched.delete(found);
    return found;
  };
  // A tile written again as it was (a reorder) keeps whoever placed it, so rewriting the list never turns
  // someone else's link into one that opens an app (attack17). "As it was" includes who sees it: widening
  // a tile's audience is the placer's call, as in setItemAudience.
  const placers = new Map<string, Array<string | null>>();
  const audienceKey = (audience: Audience) => JSON.stringify(audience && [[...audience.userIds].sort(), [...audience.groupIds].sort()]);
  const placerKey = (url: string, audience: Audience) => `${url} ${audienceKey(audience)}`;
  for (const b of before) {
    if (b.url === null) continue;
    const key = placerKey(b.url, audienceOf(b));
    placers.set(key, [...(placers.get(key) ?? []), b.placedBy]);
  }
  const changed: Array<{ position: number; item: string; visibleTo: unknown }> = [];
  for (const [index, item] of items.entries()) {
    const c = columns(item);
    const old = matchOf(item, c);
    const audience = item.audience !== undefined ? item.audience : old ? audienceOf(old) : null;
    const kept = c.url !== null ? placers.get(placerKey(c.url, audience))?.shift() : undefined;
    const placer = kept !== undefined ? kept : placerOf(actor);
    const [row] = await tx<{ id: string }[]>`
      insert into board_items (board_id, position, kind, title, url, icon_url, new_tab, body, integration_id, options, app_origin, app_path, placed_by)
      values (${boardId}, ${index + 1}, ${item.kind}, ${c.title}, ${c.url}, ${c.icon_url}, ${c.new_tab}, ${c.body}, ${c.integration_id},
              ${tx.json(c.options)}, ${c.app_origin}, ${c.app_path}, ${placer})
      returning id`;
    if (audience) await writeAudience(tx, row.id, audience);
    if (audienceKey(old ? audienceOf(old) : null) !== audienceKey(audience))
      changed.push({ position: index + 1, item: itemLabel({ kind: item.kind, ...c }), ...(await audienceNames(tx, audience)) });
  }
  // Who sees which item, where it changed, is in the record (attack32: it wasn't, for this path).
  await recordChange(tx, actor, "board.items.replaced", { type: "board", id: boardId }, { count: items.length, audienceChanged: changed });
}

type BeforeItem = {
  id: string;
  kind: string;
  title: string | null;
  url: string | null;
  body: string | null;
  integrationId: string | null;
  placedBy: string | null;
  limited: boolean;
  userIds: string[];
  groupIds: string[];
};

/**
 * Changes who sees one item. An app tile then counts as placed by whoever changed it (placerOf), as
 * when its link is edited: who a tile opens a protected app for is the placer's decision, so an editor
 * without app-protect can't widen it (to themselves, say) and keep the app opening.
 */
export async function setItemAudience(sql: Sql, actor: AuditActor, boardId: string, itemId: string, audience: Audience): Promise<void> {
  await withBoardLocked(sql, actor, boardId, async (tx) => {
    const rows =
      await tx`update board_items set placed_by = case when kind = 'app' then ${placerOf(actor)}::uuid else placed_by end, updated_at = now()
                           where id = ${itemId} and board_id = ${boardId}`;
    if (rows.count === 0) throw new UnknownItemError();
    await writeAudience(tx, itemId, audience);
    await recordChange(
      tx,
      actor,
      "board.item.visibility-changed",
      { type: "board", id: boardId },
      { item: itemId, ...(await audienceNames(tx, audience)) },
    );
  });
}
