// Rows of users and groups on a protected app ("open"), with the shared Access-tab functions.
import type { Db } from "~/db.server";
import { closePermissions } from "~/permissions/definitions";
import { appAddress } from "~/permissions/app-address";
import { decideAppAccess } from "~/permissions/protected-apps.server";
import { getUserDetail } from "./manage-users.server";
import type { ProtectedAppRecord } from "./protected-apps.server";
import { bindResourceRows, type Asker, type Explanation } from "./resource-rows.server";
import { PROTECTED_APP_ACCESS } from "~/permissions/protected-apps";
import { PROTECTED_APP_TABLES } from "~/permissions/resource-sql.server";

export const protectedAppRows = bindResourceRows(PROTECTED_APP_ACCESS, PROTECTED_APP_TABLES);

/**
 * "Check a user" on a protected app: its own rows and creator, and (for administrators, who may see
 * every board) each board the person may view with a tile linking into it, as forward auth decides.
 */
export async function explainAppAccess(db: Db, app: ProtectedAppRecord, username: string, asker: Asker): Promise<Explanation | null> {
  const base = await protectedAppRows.explainAccess(db, app.id, username, asker);
  if (!base || !asker.admin) return base;
  const [found] = await db<{ id: string }[]>`select id from users where username = ${base.username}`;
  const user = found ? await getUserDetail(db, found.id) : null;
  if (!user) return base;
  const subject = {
    signedIn: true,
    userId: user.id,
    permissions: closePermissions([...user.directPermissions, ...Object.keys(user.groupPermissions)]),
    guestsAllowed: true,
  };
  const address = appAddress(app.origin + app.pathPrefix);
  if (!address) return base;
  const decision = await decideAppAccess(db, address, subject, user.id);
  const boards = decision.reasons.flatMap((r) =>
    r.source === "board"
      ? [{ source: "board" as const, board: r.board, level: r.level, text: `Can view board "${r.board}", which has a tile linking here` }]
      : [],
  );
  return { ...base, level: base.level ?? (boards.length ? "open" : null), reasons: [...base.reasons, ...boards] };
}
