// Who sees each item of a board (issue #22), the SQL half: whether someone is in an item's audience,
// read in the statement that loads the items (board pages, the API) or decides forward auth.
import type { Db } from "~/db.server";

type Fragment = ReturnType<Db>;
/**
 * Whose eyes: a person (their id, or a SQL expression naming it; null: nobody's rows), or a member of
 * one group. `knownGroups` (a SQL set of group ids) counts only those groups' memberships: for someone
 * asking about another person who may not learn who is in the others (Check a user, View as).
 */
export type Viewer = { user: string | null | Fragment; knownGroups?: Fragment } | { group: string };

/**
 * Whether the viewer is in item `i`'s audience: the item isn't limited, or names them, or names a group
 * they are in (`everyone` is every signed-in person's). A viewer with no user (a guest, a key not acting
 * as its owner) is in the audience of unlimited items only.
 */
export function inAudienceSql(db: Db, i: Fragment, viewer: Viewer) {
  if ("group" in viewer)
    return db`(not ${i}.limited or exists (
      select 1 from board_item_groups v join groups g on g.id = v.group_id
       where v.item_id = ${i}.id and (v.group_id = ${viewer.group}::uuid or g.name = 'everyone')))`;
  const user = viewer.user === null ? db`null` : viewer.user;
  const known = viewer.knownGroups ? db`and v.group_id in (${viewer.knownGroups})` : db``;
  return db`(not ${i}.limited or (${user}::uuid is not null and (
      exists (select 1 from board_item_users v where v.item_id = ${i}.id and v.user_id = ${user}::uuid)
      or exists (select 1 from board_item_groups v join groups g on g.id = v.group_id
                  where v.item_id = ${i}.id ${known}
                    and (g.name = 'everyone' or exists (
                          select 1 from group_members gm where gm.group_id = v.group_id and gm.user_id = ${user}::uuid))))))`;
}

/**
 * For a viewer with `knownGroups`: item `i` is limited, not for them as far as those groups tell, but
 * names a group outside them, so whether they see it can't be said (it is left out, and counted).
 */
export function beyondKnownSql(db: Db, i: Fragment, viewer: Viewer) {
  if ("group" in viewer || !viewer.knownGroups) return db`false`;
  return db`(${i}.limited and not ${inAudienceSql(db, i, viewer)}
             and exists (select 1 from board_item_groups v where v.item_id = ${i}.id and v.group_id not in (${viewer.knownGroups})))`;
}
