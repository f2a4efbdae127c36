// Rows of users and groups on a protected app ("open"), with the shared Access-tab functions.
import { bindResourceRows } from "./resource-rows.server";
import { PROTECTED_APP_ACCESS } from "~/permissions/protected-apps";
import { PROTECTED_APP_TABLES } from "~/permissions/resource-sql.server";

export const protectedAppRows = bindResourceRows(PROTECTED_APP_ACCESS, PROTECTED_APP_TABLES);
