// A board's items as one JSON column, so a board and its items come back in one statement, each with
// what decides who sees it (app/permissions/board-items.ts applies the rule).
import type { Db } from "~/db.server";
import { itemsSeenAt, type AudienceFacts } from "~/permissions/board-items";
import type { BoardLevel } from "~/permissions/boards";
import { beyondKnownSql, inAudienceSql, type Viewer } from "~/permissions/board-items.server";
import { unopenedAppSql } from "~/permissions/protected-apps.server";
import type { BoardItem } from "./boards.server";
export type { BoardItem } from "./boards.server";

type Fragment = ReturnType<Db>;

/** Who a limited item is for, by username and group name (null when it isn't limited). */
function visibleToSql(db: Db, i: Fragment) {
  return db`case when ${i}.limited then json_build_object(
      'users', coalesce((select json_agg(json_build_object('id', u.id, 'username', u.username) order by lower(u.username))
                           from board_item_users v join users u on u.id = v.user_id
                          where v.item_id = ${i}.id and u.status = 'active'), '[]'::json),
      'groups', coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name) order by g.position, lower(g.name))
                            from board_item_groups v join groups g on g.id = v.group_id where v.item_id = ${i}.id), '[]'::json))
    end`;
}

export type LoadedItem = BoardItem & AudienceFacts & { beyondKnown?: boolean };

/**
 * The items of board row `r`, in board order, with their audience seen by `viewer`
 * (json_build_object's keys are values, so they are written camelCase here: the column transform
 * doesn't reach inside JSON).
 */
export function itemsColumn(db: Db, viewer: Viewer, options: { unopenedApps?: boolean } = {}) {
  // Edit mode's marker, only when asked for: the dashboard and the API don't pay for it.
  const unopened = options.unopenedApps ? db`, 'unopenedApp', ${unopenedAppSql(db, db`i`)}` : db``;
  const beyond = "user" in viewer && viewer.knownGroups ? db`, 'beyondKnown', ${beyondKnownSql(db, db`i`, viewer)}` : db``;
  return db`coalesce((
    select json_agg(json_build_object(
             'id', i.id, 'kind', i.kind, 'title', i.title, 'url', i.url, 'iconUrl', i.icon_url, 'newTab', i.new_tab,
             'body', i.body, 'integrationId', i.integration_id, 'options', i.options,
             'inAudience', ${inAudienceSql(db, db`i`, viewer)}, 'visibleTo', ${visibleToSql(db, db`i`)} ${unopened} ${beyond})
           order by i.position, i.created_at)
      from board_items i where i.board_id = r.id
  ), '[]'::json)`;
}

/** One board's items with their audience for `viewer`: apply itemsSeenAt before showing any. */
export async function loadItems(db: Db, boardId: string, viewer: Viewer): Promise<LoadedItem[]> {
  const [row] = await db<{ items: LoadedItem[] }[]>`select ${itemsColumn(db, viewer)} as items from boards r where r.id = ${boardId}`;
  return row?.items ?? [];
}

/** One board's items as someone at `level` is shown them (the board page's rule, for a board loaded apart). */
export async function itemsShownTo(db: Db, boardId: string, subject: { userId: string | null }, level: BoardLevel | null) {
  return itemsSeenAt(level, await loadItems(db, boardId, { user: subject.userId }));
}
