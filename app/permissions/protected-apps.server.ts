// The protected-app rule of protected-apps.ts applied in PostgreSQL: for one address, the app that
// covers it, the facts its own rules need, and the boards linking into it with their board facts, so
// the board rules (boards.ts) decide "may view" exactly as they do for the board page.
import type { AlsoColumn } from "~/auth/session.server";
import type { Db } from "~/db.server";
import type { AppAddress } from "./app-address";
import { tileCountsFor } from "./board-items";
import { inAudienceSql } from "./board-items.server";
import { boardLevelOf } from "./boards";
import { protectedAppLevelOf, type ProtectedAppFacts, type ProtectedAppLevel, type ProtectedAppReason } from "./protected-apps";
import type { Subject } from "./resource-rules";
import { holdsPermissionSql } from "./effective-permissions.server";
import { BOARD_TABLES, factColumns, PROTECTED_APP_TABLES } from "./resource-sql.server";

export interface ProtectedApp {
  id: string;
  origin: string;
  pathPrefix: string;
}

/** `covers(prefix, path)` of app-address.ts as SQL, over two text expressions; no path (a tile's ambiguous link) is covered by nothing. */
export function coversSql(db: Db, prefix: ReturnType<Db>, path: ReturnType<Db>) {
  return db`(${path} is not null and (${prefix} = '/' or ${path} = ${prefix} or starts_with(${path}, ${prefix} || '/')))`;
}

/**
 * The protected app `origin` + `path` falls under: of those on that origin whose prefix covers the path,
 * the longest (app-address.ts). One rule for a request's address and a tile's link alike (attack19: a
 * tile into /photos counted for the app at / too, and opened all of it). Its alias is one no caller uses.
 */
export function governingAppSql(db: Db, origin: ReturnType<Db>, path: ReturnType<Db>) {
  return db`(select governing.id from protected_apps governing
              where governing.origin = ${origin} and ${coversSql(db, db`governing.path_prefix`, path)}
              order by length(governing.path_prefix) desc limit 1)`;
}

/**
 * Whether tile `i` opens the protected app `id` (at `origin` + `prefix`) to its board's viewers: an app
 * item whose link falls under that app (governingAppSql), placed by someone who holds app-protect now
 * (attack14: otherwise anyone who may edit a board could grant any app by linking to it). The origin
 * and prefix narrow the items before the longest-prefix question is asked.
 */
export function tileOpens(db: Db, i: ReturnType<Db>, app: { id: ReturnType<Db>; origin: ReturnType<Db>; prefix: ReturnType<Db> }) {
  return db`(${i}.kind = 'app' and ${i}.app_origin = ${app.origin} and ${coversSql(db, app.prefix, db`${i}.app_path`)}
             and ${governingAppSql(db, db`${i}.app_origin`, db`${i}.app_path`)} = ${app.id}
             and ${i}.placed_by is not null and ${holdsPermissionSql(db, db`${i}.placed_by`, "app-protect")})`;
}

/**
 * The protected app tile `i` links into (the longest prefix, as forward auth picks it), as
 * `origin` + prefix, when the tile doesn't open it; else null. For the board's editors: a tile placed by
 * someone who can't protect apps is just a link, which nothing on the board said.
 */
export function unopenedAppSql(db: Db, i: ReturnType<Db>) {
  return db`(select case when ${tileOpens(db, i, { id: db`a.id`, origin: db`a.origin`, prefix: db`a.path_prefix` })} then null
                         else a.origin || case when a.path_prefix = '/' then '' else a.path_prefix end end
               from protected_apps a
              where ${i}.kind = 'app' and a.id = ${governingAppSql(db, db`${i}.app_origin`, db`${i}.app_path`)})`;
}

export interface AppDecision {
  /** The protected app covering the address (the longest path prefix wins); null: nobody protected it. */
  app: ProtectedApp | null;
  level: ProtectedAppLevel | null;
  reasons: ProtectedAppReason[];
  /** "Let signed-in people through to addresses nobody protected" (Manage → Settings; default off). */
  unknownAllowed: boolean;
  /** The acting user's groups by name (`everyone` left out), for Remote-Groups. */
  groups: string[];
  /** The person's email when it can be believed (confirmed by mail, or from a directory), for Remote-Email. */
  verifiedEmail: string | null;
}

/** The host of a stored origin (`https://[::1]:8443` → `[::1]`), for PostgreSQL's regexp_replace: sent as parameters. */
const ORIGIN_HOST = { pattern: String.raw`^[a-z]+://(\[[^]]*\]|[^:/]*)(:[0-9]+)?$`, replacement: String.raw`\1` };

type BoardFactsRow = { name: string; forAll: boolean; forUser: boolean } & Parameters<typeof boardLevelOf>[1];

/** What one statement learns about an address for one user: the covering app, its facts, the boards linking in. */
export type AppFacts = Partial<ProtectedApp & ProtectedAppFacts> & {
  appId: string | null;
  boards: BoardFactsRow[] | null;
  unknownAllowed: boolean;
  groups: string[];
  verifiedEmail: string | null;
  /** The access generation (migration 0028) these facts were read at. */
  generation: string;
};

/**
 * The facts about `address` for user `userId` (a parameter or a SQL expression such as the actor
 * statement's `u.id`): always one row, the app's columns null when nothing covers the address.
 * `userId` is read once, into `asker`, where no alias of this statement can shadow it: written inside
 * a subquery with its own `users u`, the actor's `u.id` named that row instead, and every person got
 * the first confirmed email in the table (or a 500 once there were two).
 */
function appFactsSelect(db: Db, address: AppAddress, userId: ReturnType<Db>) {
  return db`
    with asker as (select ${userId}::uuid as id),
    app as (
      select a.id, a.origin, a.path_prefix, a.creator_id from protected_apps a
       where a.id = ${governingAppSql(db, db`${address.origin}::text`, db`${address.path}::text`)})
    select r.id as "appId", r.origin, r.path_prefix as "pathPrefix",
           ${factColumns(db, PROTECTED_APP_TABLES, db`asker.id`)},
           -- Boards with a tile opening the app: whether one is for everyone who sees the board, or for this person.
           (select json_agg(b order by b.name) from (
              select r.name, ${factColumns(db, BOARD_TABLES, db`asker.id`)}, t."forAll", t."forUser"
                from boards r
                join (select i.board_id, bool_or(not i.limited) as "forAll", bool_or(${inAudienceSql(db, db`i`, { user: db`asker.id` })}) as "forUser"
                        from board_items i, app
                       where ${tileOpens(db, db`i`, { id: db`app.id`, origin: db`app.origin`, prefix: db`app.path_prefix` })}
                       group by i.board_id) t on t.board_id = r.id) b
           ) as boards,
           -- An address nobody protected, when the setting lets those through: not another port or scheme
           -- of a host somebody protected (attack14: Host: sonarr:1 reaches sonarr through the proxy).
           (coalesce((select (value #>> '{}')::boolean from server_settings where key = 'forward_auth_unknown_origins'), false)
            and not exists (select 1 from protected_apps p
                             where regexp_replace(p.origin, ${ORIGIN_HOST.pattern}, ${ORIGIN_HOST.replacement}) = ${address.hostname}))
             as "unknownAllowed",
           -- Only an address someone proved (by mail) or a directory gave: apps may sign people in by it (attack14).
           (select u.email from users u
             where u.id = asker.id and (u.provider <> 'credentials' or u.email_verified_at is not null)) as "verifiedEmail",
           -- Each membership's group by its key (offset 0 keeps it so): a hash of every group cost more.
           array(select g.name from group_members gm
                  cross join lateral (select g.name, g.position from groups g where g.id = gm.group_id offset 0) g
                  where gm.user_id = asker.id and g.name <> 'everyone' order by g.position, lower(g.name)) as groups,
           -- What these facts were read at, in the same snapshot: forward auth reuses them while it holds (ADR 035).
           (select n::text from access_generation) as generation
      from asker left join app r on true`;
}

/** The same facts as one JSON column of another statement: the actor's, so forward auth costs one round trip. */
export const appFactsColumn =
  (address: AppAddress): AlsoColumn =>
  (db, userId) =>
    db`(select row_to_json(x) from (${appFactsSelect(db, address, userId)}) x)`;

/**
 * Who may open what is at `address`. The facts are the acting user's; `subject` says whose rows count
 * (an API key not acting as its owner has none: the rules then ignore them, as for every resource).
 */
export function decideFromFacts(row: AppFacts, subject: Subject): AppDecision {
  const decision = { unknownAllowed: row.unknownAllowed, groups: row.groups ?? [], verifiedEmail: row.verifiedEmail };
  if (!row.appId) return { app: null, level: null, reasons: [], ...decision };
  // A board counts when the subject sees it and a tile there is in their audience (issue #22).
  const viaBoards = (row.boards ?? []).filter((b) => boardLevelOf(subject, b).level && tileCountsFor(subject.userId, b)).map((b) => b.name);
  const facts: ProtectedAppFacts = {
    isPublic: false,
    creatorId: row.creatorId ?? null,
    userLevel: row.userLevel ?? null,
    groupLevels: row.groupLevels ?? [],
  };
  const { level, reasons } = protectedAppLevelOf(subject, facts, viaBoards);
  return { app: { id: row.appId, origin: row.origin!, pathPrefix: row.pathPrefix! }, level, reasons, ...decision };
}

/** decideFromFacts with its own round trip, for `userId` (whose groups the app is told), as `subject` sees it. */
export async function decideAppAccess(db: Db, address: AppAddress, subject: Subject, userId: string): Promise<AppDecision> {
  const [row] = await db<AppFacts[]>`${appFactsSelect(db, address, db`${userId}::uuid`)}`;
  return decideFromFacts(row, subject);
}
