// The resource rules of resource-rules.ts in PostgreSQL: one query lists what a person may see,
// and one set of columns loads the facts a single check needs.
import type { Db } from "~/db.server";
import { globalRank, rankIn, type ResourceRules, type Subject } from "./resource-rules";

export interface ResourceTables {
  table: string;
  userRows: string;
  groupRows: string;
  /** The rows' column naming the resource. */
  fk: string;
  publicColumn: string | null;
}

export const BOARD_TABLES: ResourceTables = {
  table: "boards",
  userRows: "board_user_permissions",
  groupRows: "board_group_permissions",
  fk: "board_id",
  publicColumn: "is_public",
};
export const INTEGRATION_TABLES: ResourceTables = {
  table: "integrations",
  userRows: "integration_user_permissions",
  groupRows: "integration_group_permissions",
  fk: "integration_id",
  publicColumn: null,
};

export const PROTECTED_APP_TABLES: ResourceTables = {
  table: "protected_apps",
  userRows: "protected_app_user_permissions",
  groupRows: "protected_app_group_permissions",
  fk: "app_id",
  publicColumn: null,
};

/**
 * `(id, rank)` for every resource the subject may see: each path to access is one arm of the union
 * (each served by an index), and a resource's rank is its best arm.
 */
export function visibleResources<L extends string>(db: Db, rules: ResourceRules<L>, t: ResourceTables, subject: Subject) {
  const userId = subject.userId;
  const global = subject.signedIn ? globalRank(rules, subject.permissions) : 0;
  const levels = [...rules.levels] as string[];
  const publicArm =
    t.publicColumn && rules.public && (subject.signedIn || subject.guestsAllowed)
      ? db`union all select id, ${rankIn(rules, rules.public)}::int from ${db(t.table)} where ${db(t.publicColumn)}`
      : db``;
  return db`
    select id, max(rank) as rank from (
      select id, ${global}::int as rank from ${db(t.table)} where ${global}::int > 0
      union all
      select id, ${rankIn(rules, rules.creator)}::int from ${db(t.table)} where creator_id = ${userId}::uuid
      union all
      select ${db(t.fk)}, array_position(${levels}::text[], level) from ${db(t.userRows)} where user_id = ${userId}::uuid
      union all
      select p.${db(t.fk)}, array_position(${levels}::text[], p.level)
        from ${db(t.groupRows)} p join groups g on g.id = p.group_id
       where ${userId}::uuid is not null
         and (g.name = 'everyone' or p.group_id in (select group_id from group_members where user_id = ${userId}::uuid))
      ${publicArm}
    ) arms group by id`;
}

/**
 * Columns with the facts about resource row `r` that matter to `userId` (null: nobody's rows); a SQL
 * expression naming the user (`u.id`) fits too, for a caller folding them into another statement.
 */
export function factColumns(db: Db, t: ResourceTables, user: string | null | ReturnType<Db>) {
  // A guest's null is written into the statement, not sent: PostgreSQL then drops the per-user parts
  // from one plan it keeps, instead of planning again on every request (a null parameter made the kept
  // plan look costlier than planning afresh).
  const userId = user === null ? db`null` : user;
  return db`
    r.creator_id as "creatorId",
    ${t.publicColumn ? db`r.${db(t.publicColumn)}` : db`false`} as "isPublic",
    (select level from ${db(t.userRows)} where ${db(t.fk)} = r.id and user_id = ${userId}::uuid) as "userLevel",
    coalesce((
      select json_agg(json_build_object('groupName', g.name, 'level', p.level) order by g.position, lower(g.name))
        from ${db(t.groupRows)} p join groups g on g.id = p.group_id
       where p.${db(t.fk)} = r.id and ${userId}::uuid is not null
         and (g.name = 'everyone' or exists (
               select 1 from group_members gm where gm.group_id = p.group_id and gm.user_id = ${userId}::uuid))
    ), '[]'::json) as "groupLevels"`;
}
