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

export async function lockAdminChanges(tx: Db): Promise<void> {
  await tx`select pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`;
}

/** Active users holding `admin` directly, through a group, or through `everyone`. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from users u
     where u.status = 'active' and (
       exists (select 1 from user_permissions up where up.user_id = u.id and up.permission = 'admin')
       or exists (select 1 from group_members gm join group_permissions gp on gp.group_id = gm.group_id
                   where gm.user_id = u.id and gp.permission = 'admin')
       or exists (select 1 from groups g join group_permissions gp on gp.group_id = g.id
                   where g.name = 'everyone' and gp.permission = 'admin'))`;
  return row.n;
}

/** Call at the end of a change, inside its transaction: throwing rolls the change back. */
export async function assertAdminRemains(tx: Db): Promise<void> {
  if ((await countActiveAdmins(tx)) === 0) throw new LastAdminError();
}
