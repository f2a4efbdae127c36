// Integration rows and "Check a user": the shared resource-access functions bound to the integration tables.
import { INTEGRATION_ACCESS } from "~/permissions/integrations";
import { INTEGRATION_TABLES } from "~/permissions/resource-sql.server";
import { bindResourceAccess } from "./resource-access.server";

export const integrationAccessRows = bindResourceAccess(INTEGRATION_ACCESS, INTEGRATION_TABLES);
export const {
  listGrants: listIntegrationGrants,
  grantUser: grantIntegrationUser,
  grantGroup: grantIntegrationGroup,
  revokeUser: revokeIntegrationUser,
  revokeGroup: revokeIntegrationGroup,
  explainAccess: explainIntegrationAccess,
} = integrationAccessRows;
