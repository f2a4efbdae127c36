// Integration rows and "Check a user": the shared resource-access functions bound to the integration tables.
import type { Db, Sql } from "~/db.server";
import { INTEGRATION_ACCESS, type IntegrationLevel } from "~/permissions/integrations";
import { INTEGRATION_TABLES } from "~/permissions/resource-sql.server";
import type { AuditActor } from "./audit.server";
import * as access from "./resource-access.server";

export const listIntegrationGrants = (db: Db, id: string) => access.listGrants(db, INTEGRATION_TABLES, id);
export const grantIntegrationUser = (sql: Sql, actor: AuditActor, id: string, username: string, level: IntegrationLevel) =>
  access.grantUser(sql, actor, INTEGRATION_TABLES, id, username, level);
export const grantIntegrationGroup = (sql: Sql, actor: AuditActor, id: string, groupId: string, level: IntegrationLevel) =>
  access.grantGroup(sql, actor, INTEGRATION_TABLES, id, groupId, level);
export const revokeIntegrationUser = (sql: Sql, actor: AuditActor, id: string, userId: string) => access.revokeUser(sql, actor, INTEGRATION_TABLES, id, userId);
export const revokeIntegrationGroup = (sql: Sql, actor: AuditActor, id: string, groupId: string) => access.revokeGroup(sql, actor, INTEGRATION_TABLES, id, groupId);
export const explainIntegrationAccess = (db: Db, id: string, username: string) =>
  access.explainAccess(db, INTEGRATION_ACCESS, INTEGRATION_TABLES, id, username);
