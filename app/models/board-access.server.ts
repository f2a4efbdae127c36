// Board rows and "Check a user": the shared resource-access functions bound to the board tables.
import type { Db, Sql } from "~/db.server";
import { BOARD_ACCESS, type BoardLevel } from "~/permissions/boards";
import { BOARD_TABLES } from "~/permissions/resource-sql.server";
import type { AuditActor } from "./audit.server";
import * as access from "./resource-access.server";

export { UnknownGroupError } from "./resource-access.server";

export const listGrants = (db: Db, boardId: string) => access.listGrants(db, BOARD_TABLES, boardId);
export const grantUser = (sql: Sql, actor: AuditActor, boardId: string, username: string, level: BoardLevel) =>
  access.grantUser(sql, actor, BOARD_TABLES, boardId, username, level);
export const grantGroup = (sql: Sql, actor: AuditActor, boardId: string, groupId: string, level: BoardLevel) =>
  access.grantGroup(sql, actor, BOARD_TABLES, boardId, groupId, level);
export const revokeUser = (sql: Sql, actor: AuditActor, boardId: string, userId: string) => access.revokeUser(sql, actor, BOARD_TABLES, boardId, userId);
export const revokeGroup = (sql: Sql, actor: AuditActor, boardId: string, groupId: string) => access.revokeGroup(sql, actor, BOARD_TABLES, boardId, groupId);
export const explainAccess = (db: Db, boardId: string, username: string) => access.explainAccess(db, BOARD_ACCESS, BOARD_TABLES, boardId, username);
