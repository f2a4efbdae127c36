import type { Db, Sql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { addToGroups, createUser } from "~/models/users.server";

const ONBOARDING_LOCK = 72_617_002;
let onboardedCache = false;

/** Whether the first administrator exists, as a column any statement can carry (the actor's does). */
export function onboardedColumn(db: Db) {
  return db`exists (select 1 from server_settings where key = 'onboarded_at')`;
}

/** True once the first administrator exists. Cached once true: onboarding never comes back. */
export async function isOnboarded(db: Db): Promise<boolean> {
  if (onboardedCache) return true;
  const [row] = await db<{ onboarded: boolean }[]>`select ${onboardedColumn(db)} as onboarded`;
  onboardedCache = row.onboarded;
  return onboardedCache;
}

/** Tests reuse a process across databases. */
export function forgetOnboardedForTests(): void {
  onboardedCache = false;
}

export class AlreadyOnboardedError extends Error {
  constructor() {
    super("Porch already has an administrator");
    this.name = "AlreadyOnboardedError";
  }
}

/**
 * Creates the first administrator, the `admins` group with `admin`, and the memberships.
 * Serialised by a transaction-scoped advisory lock, so two simultaneous submissions make one admin.
 */
export async function completeOnboarding(
  sql: Sql,
  input: { username: string; passwordHash: string; ip?: string | null; userAgent?: string | null },
): Promise<{ userId: string }> {
  const userId = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${ONBOARDING_LOCK})`;
    const [done] = await tx`select 1 from server_settings where key = 'onboarded_at'`;
    if (done) throw new AlreadyOnboardedError();
    const user = await createUser(tx, { username: input.username, passwordHash: input.passwordHash });
    await tx`
      insert into groups (name, description, position)
      values ('admins', 'Administrators of this Porch', 1)
      on conflict do nothing`;
    await tx`
      insert into group_permissions (group_id, permission)
      select id, 'admin' from groups where name = 'admins'
      on conflict do nothing`;
    await addToGroups(tx, user.id, ["admins"]);
    await tx`insert into server_settings (key, value) values ('onboarded_at', ${tx.json(new Date().toISOString())})`;
    await recordAudit(tx, {
      action: "onboarding.completed",
      actorType: "user",
      actorUserId: user.id,
      targetType: "user",
      targetId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
      details: { username: input.username },
    });
    return user.id;
  });
  onboardedCache = true;
  return { userId };
}
