// Board rows and "Check a user": the shared resource-rows functions bound to the board tables.
import { BOARD_ACCESS } from "~/permissions/boards";
import { BOARD_TABLES } from "~/permissions/resource-sql.server";
import { bindResourceRows } from "./resource-rows.server";

export { UnknownGroupError } from "./resource-rows.server";

export const boardRows = bindResourceRows(BOARD_ACCESS, BOARD_TABLES);
export const { listGrants, grantUser, grantGroup, revokeUser, revokeGroup, explainAccess } = boardRows;
