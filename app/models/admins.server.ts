import type { Db } from "~/db.server";

// Changes that could remove the last administrator take this lock, so two admins demoting each other
// at the same moment are serialised and the second one sees the first one's change.
const ADMIN_CHANGE_LOCK = 72_617_003;

export class LastAdminError extends Error {
  constructor(
    message = "This would leave Porch without an active administrator who can sign in. Make someone else an administrator first.",
  ) {
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

/**
 * The administrators who can still administer: active people holding `admin` (a service account never
 * signs in, attack45) who can get past their groups' passkey requirement (they have a passkey, or may add
 * a first one with their password now). What the last-administrator guard counts.
 */
export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from users u
     where ${ACTIVE_ADMIN(db)} and u.kind = 'person'
       and (exists (select 1 from webauthn_credentials c where c.user_id = u.id)
            or not exists (
              select 1 from groups g
               where g.require_passkey
                 and (u.provider <> 'credentials' or g.passkey_grace_until is null or g.passkey_grace_until < now())
                 and (g.name = 'everyone' or exists (select 1 from group_members gm where gm.group_id = g.id and gm.user_id = u.id))))`;
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
