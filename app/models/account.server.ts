import { verifyPassword } from "~/auth/password.server";
import type { Theme } from "~/forms/theme";
import { getSql, type Db, type Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";
import { type CredentialsResetOutcome, resetCredentials } from "./credentials-reset.server";

export interface Account {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  /** Porch confirmed the address by mail (a change of address unconfirms it). */
  emailVerified: boolean;
  avatarUrl: string | null;
  provider: string;
  passwordHash: string | null;
}

export async function getAccount(db: Db, id: string): Promise<Account | null> {
  const [row] = await db<Account[]>`
    select id, username, display_name, email, email_verified_at is not null as email_verified, avatar_url, provider, password_hash
      from users where id = ${id}`;
  return row ?? null;
}

/** Whether `password` is the user's own. Call it through checkInSession (the account's budget). */
/** Whether the account signs in with a password kept here (not a directory, provider or proxy account). */
export async function hasLocalPassword(db: Db, userId: string): Promise<boolean> {
  const [row] = await db<{ has: boolean }[]>`select password_hash is not null as has from users where id = ${userId}`;
  return row?.has ?? false;
}

export async function passwordIsRight(userId: string, password: string): Promise<boolean> {
  const account = await getAccount(getSql(), userId);
  return Boolean(account?.passwordHash && (await verifyPassword(account.passwordHash, password)).ok);
}

export async function updateOwnProfile(
  sql: Sql,
  actor: AuditActor & { userId: string },
  input: { displayName: string | null; email: string | null; avatarUrl: string | null },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [before] = await tx<{ email: string | null; confirmed: boolean }[]>`
      select email, email_verified_at is not null as confirmed from users where id = ${actor.userId} for update`;
    await tx`
      update users set display_name = ${input.displayName}, email = ${input.email}, avatar_url = ${input.avatarUrl},
             updated_at = now()
       where id = ${actor.userId}`;
    // The address it replaced: told of the change too (issue #23 part 3).
    await recordChange(
      tx,
      actor,
      "account.profile-updated",
      { type: "user", id: actor.userId },
      { ...input, previousEmail: before?.email ?? null, previousEmailConfirmed: before?.confirmed ?? false },
    );
  });
}

/** Light or dark pages, or null to follow the device. A preference: not audited. */
export async function setOwnTheme(sql: Sql, userId: string, theme: Theme | null): Promise<void> {
  await sql`update users set theme = ${theme}, updated_at = now() where id = ${userId}`;
}

/**
 * Sets a new password and ends every other session of the user (the current one stays); their API keys
 * end too when they ask (`endApiKeys`: someone who suspects their password leaked).
 */
export async function changeOwnPassword(
  sql: Sql,
  actor: AuditActor & { userId: string },
  passwordHash: string,
  keepSessionId: string | null,
  options: { endApiKeys: boolean },
): Promise<CredentialsResetOutcome> {
  return sql.begin(async (tx) => {
    await tx`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${actor.userId}`;
    return resetCredentials(tx, actor, actor.userId, {
      action: "account.password-changed",
      endApiKeys: options.endApiKeys,
      keepSessionId,
      keepPasskeys: true,
    });
  });
}
