// A board's items as one JSON column, so a board and its items come back in one statement.
import type { Db } from "~/db.server";
import { unopenedAppSql } from "~/permissions/protected-apps.server";
export type { BoardItem } from "./boards.server";

/**
 * The items of board row `r`, in listItems()' order and shape (json_build_object's keys are values,
 * so they are written camelCase here: the column transform doesn't reach inside JSON).
 */
export function itemsColumn(db: Db, options: { unopenedApps?: boolean } = {}) {
  // Edit mode's marker, only when asked for: the dashboard and the API don't pay for it.
  const unopened = options.unopenedApps ? db`, 'unopenedApp', ${unopenedAppSql(db, db`i`)}` : db``;
  return db`coalesce((
    select json_agg(json_build_object(
             'id', i.id, 'kind', i.kind, 'title', i.title, 'url', i.url, 'iconUrl', i.icon_url, 'newTab', i.new_tab,
             'body', i.body, 'integrationId', i.integration_id, 'options', i.options ${unopened})
           order by i.position, i.created_at)
      from board_items i where i.board_id = r.id
  ), '[]'::json)`;
}
