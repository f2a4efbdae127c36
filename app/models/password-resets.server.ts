import { hashToken, isToken, randomToken } from "~/auth/tokens.server";
import type { Db, Sql } from "~/db.server";
import { HOUR } from "~/utils/time";
import { type AuditActor, recordChange } from "./audit.server";
import { resetCredentials } from "./credentials-reset.server";
import { usernameMatches } from "./users.server";

export const RESET_LINK_LIFETIME_MS = HOUR;

/** A new one-time link for `userId`; any older unused link of theirs stops working. */
export async function createResetLink(sql: Sql, actor: AuditActor, userId: string, now = new Date()): Promise<string> {
  return sql.begin((tx) => createResetLinkIn(tx, actor, userId, now));
}

async function createResetLinkIn(tx: Db, actor: AuditActor, userId: string, now = new Date()): Promise<string> {
  const token = randomToken();
  await tx`delete from password_resets where user_id = ${userId}`;
  await tx`
    insert into password_resets (user_id, token_hash, created_by, expires_at)
    values (${userId}, ${hashToken(token)}, ${actor.userId}, ${new Date(now.getTime() + RESET_LINK_LIFETIME_MS)})`;
  await recordChange(tx, actor, "password-reset.link-created", { type: "user", id: userId });
  return token;
}

/** The user a valid token belongs to, or null (unknown, used or expired alike). */
export async function resetTokenUser(db: Db, token: string, now = new Date()): Promise<{ id: string; username: string } | null> {
  if (!isToken(token)) return null;
  const [row] = await db<{ id: string; username: string }[]>`
    select u.id, u.username from password_resets r join users u on u.id = r.user_id
     where r.token_hash = ${hashToken(token)} and r.expires_at > ${now} and u.status = 'active'`;
  return row ?? null;
}

/**
 * Spends the token and sets the password in one transaction: the link dies at first use, and the
 * account's credentials are reset (every session and API key ends: whoever had the password may have
 * signed in and made keys).
 */
export async function completeReset(
  sql: Sql,
  token: string,
  passwordHash: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<string | null> {
  if (!isToken(token)) return null;
  return sql.begin(async (tx) => {
    const [row] = await tx<{ userId: string }[]>`
      delete from password_resets where token_hash = ${hashToken(token)} and expires_at > now() returning user_id`;
    if (!row) return null;
    await tx`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${row.userId}`;
    await resetCredentials(tx, { userId: row.userId, ...client }, row.userId, { action: "password-reset.completed", endApiKeys: true });
    return row.userId;
  });
}

/** A password changed some other way: its pending reset links die. */
export async function dropResetLinks(db: Db, userId: string): Promise<void> {
  await db`delete from password_resets where user_id = ${userId}`;
}

export const MAILS_PER_HOUR = 3;

/**
 * Self-service: finds an active password account by username or email and, unless three mails
 * already went to it this hour, makes a link. Returns where to send it, or null; the caller answers
 * the same either way, so the form can't be used to find out who has an account.
 */
export async function selfServiceResetLink(
  sql: Sql,
  login: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ email: string; username: string; token: string } | null> {
  const [user] = await sql<{ id: string; username: string; email: string | null }[]>`
    select id, username, email from users
     where (${usernameMatches(sql, login)} or lower(email) = lower(${login}))
       and provider = 'credentials' and status = 'active' and email is not null
     order by ${usernameMatches(sql, login)} desc limit 1`;
  if (!user?.email) return null;
  const actor = { userId: null, ...client };
  const token = await sql.begin(async (tx) => {
    // One request at a time per account, so parallel requests can't exceed the hourly count.
    await tx`select pg_advisory_xact_lock(hashtext(${`reset-mail:${user.id}`}))`;
    const [{ sent }] = await tx<{ sent: number }[]>`
      select count(*)::int as sent from audit_log
       where action = 'password-reset.mail-sent' and target_id = ${user.id} and created_at > now() - interval '1 hour'`;
    if (sent >= MAILS_PER_HOUR) return null;
    const made = await createResetLinkIn(tx, actor, user.id);
    await recordChange(tx, actor, "password-reset.mail-sent", { type: "user", id: user.id });
    return made;
  });
  return token ? { email: user.email, username: user.username, token } : null;
}
