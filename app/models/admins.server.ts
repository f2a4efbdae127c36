import type { Db } from "~/db.server";

// Changes that could remove the last administrator take this lock, so two admins demoting each other
// at the same moment are serialised and the second one sees the first one's change.
const ADMIN_CHANGE_LOCK = 72_617_003;

export class LastAdminError extends Error {
  constructor(message = "This would leave Porch without an active administrator. Make someone else an administrator first.") {
    super(message);
    this.name = "LastAdminError";
  }
}

/** Who holds `admin` while active: directly, through a group, or through `everyone`. One rule, counted or listed. */
const ACTIVE_ADMIN = (db: Db) => db`
  u.status = 'active' and (
    exists (select 1 from user_permissions up where up.user_id = u.id and up.permission = 'admin')
    or exists (select 1 from group_members gm join group_permissions gp on gp.group_id = gm.group_id
                where gm.user_id = u.id and gp.permission = 'admin')
    or exists (select 1 from groups g join group_permissions gp on gp.group_id = g.id
                where g.name = 'everyone' and gp.permission = 'admin'))`;

/** Active users holding `admin` directly, through a group, or through `everyone`. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from users u where ${ACTIVE_ADMIN(db)}`;
  return row.n;
}

/** The same people, by id (webhooks' admin.granted / admin.revoked). */
export async function activeAdminIds(db: Db): Promise<string[]> {
  const rows = await db<{ id: string }[]>`select u.id from users u where ${ACTIVE_ADMIN(db)}`;
  return rows.map((r) => r.id);
}

/**
 * Runs a change that may affect who is an administrator, inside the caller's transaction: refuses
 * (and so rolls back) a change that takes the number of active administrators from some to none.
 */
export async function guardLastAdmin<T>(tx: Db, change: () => Promise<T>): Promise<T> {
  await tx`select pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`;
  const before = await countActiveAdmins(tx);
  const result = await change();
  if (before > 0 && (await countActiveAdmins(tx)) === 0) throw new LastAdminError();
  return result;
}
