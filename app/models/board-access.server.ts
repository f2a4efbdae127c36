// Board rows and "Check a user": the shared resource-access functions bound to the board tables.
import { BOARD_ACCESS } from "~/permissions/boards";
import { BOARD_TABLES } from "~/permissions/resource-sql.server";
import { bindResourceAccess } from "./resource-access.server";

export { UnknownGroupError } from "./resource-access.server";

export const boardAccessRows = bindResourceAccess(BOARD_ACCESS, BOARD_TABLES);
export const { listGrants, grantUser, grantGroup, revokeUser, revokeGroup, explainAccess } = boardAccessRows;
