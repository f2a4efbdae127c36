// Integration rows and "Check a user": the shared resource-rows functions bound to the integration tables.
import { INTEGRATION_ACCESS } from "~/permissions/integrations";
import { INTEGRATION_TABLES } from "~/permissions/resource-sql.server";
import { bindResourceRows } from "./resource-rows.server";

export const integrationRows = bindResourceRows(INTEGRATION_ACCESS, INTEGRATION_TABLES);
export const {
  listGrants: listIntegrationGrants,
  grantUser: grantIntegrationUser,
  grantGroup: grantIntegrationGroup,
  revokeUser: revokeIntegrationUser,
  revokeGroup: revokeIntegrationGroup,
  explainAccess: explainIntegrationAccess,
} = integrationRows;
