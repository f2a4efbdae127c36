// Confirming that an email is its account holder's: a one-time link mailed to the address. Only a
// confirmed address may adopt a local account at an OIDC sign-in (dangerous linking). Any change of the
// address unconfirms it (a trigger in migration 0019), whoever makes it.
import { hashToken, isToken, randomToken } from "~/auth/tokens.server";
import type { Db, Sql } from "~/db.server";
import { DAY } from "~/utils/time";
import { type AuditActor, recordChange } from "./audit.server";

export const EMAIL_VERIFICATION_LIFETIME_MS = DAY;
export const VERIFICATION_MAILS_PER_HOUR = 3;

export type VerificationRefusal = "no-email" | "confirmed-already" | "too-many";

/**
 * A new link for the account's current address (older links of theirs stop working), or why not.
 * The caller mails it; at most three an hour per account, so the form can't bomb an inbox.
 */
export async function startEmailVerification(
  sql: Sql,
  actor: AuditActor & { userId: string },
  now = new Date(),
): Promise<{ token: string; email: string } | VerificationRefusal> {
  return sql.begin(async (tx) => {
    const [user] = await tx<{ email: string | null; confirmed: boolean }[]>`
      select email, email_verified_at is not null as confirmed from users where id = ${actor.userId} for update`;
    if (!user?.email) return "no-email";
    if (user.confirmed) return "confirmed-already";
    const [{ sent }] = await tx<{ sent: number }[]>`
      select count(*)::int as sent from audit_log
       where action = 'account.email-verification-sent' and target_id = ${actor.userId} and created_at > now() - interval '1 hour'`;
    if (sent >= VERIFICATION_MAILS_PER_HOUR) return "too-many";
    const token = randomToken();
    await tx`delete from email_verifications where user_id = ${actor.userId}`;
    await tx`
      insert into email_verifications (token_hash, user_id, email, expires_at)
      values (${hashToken(token)}, ${actor.userId}, ${user.email}, ${new Date(now.getTime() + EMAIL_VERIFICATION_LIFETIME_MS)})`;
    await recordChange(tx, actor, "account.email-verification-sent", { type: "user", id: actor.userId }, { email: user.email });
    return { token, email: user.email };
  });
}

/** Whose address a live link would confirm, or null (unknown, used, expired, or the address changed since). */
export async function emailVerificationFor(db: Db, token: string): Promise<{ username: string; email: string } | null> {
  if (!isToken(token)) return null;
  const [row] = await db<{ username: string; email: string }[]>`
    select u.username, v.email from email_verifications v join users u on u.id = v.user_id
     where v.token_hash = ${hashToken(token)} and v.expires_at > now() and u.email = v.email`;
  return row ?? null;
}

/** Spends the link and confirms the address it was made for, if it is still the account's. */
export async function confirmEmail(
  sql: Sql,
  token: string,
  client: Omit<AuditActor, "userId">,
): Promise<{ userId: string; email: string } | null> {
  if (!isToken(token)) return null;
  return sql.begin(async (tx) => {
    const [link] = await tx<{ userId: string; email: string }[]>`
      delete from email_verifications where token_hash = ${hashToken(token)} and expires_at > now() returning user_id, email`;
    if (!link) return null;
    const [done] = await tx`
      update users set email_verified_at = now() where id = ${link.userId} and email = ${link.email} returning id`;
    if (!done) return null;
    await recordChange(
      tx,
      { userId: link.userId, ...client },
      "account.email-verified",
      { type: "user", id: link.userId },
      { email: link.email },
    );
    return { userId: link.userId, email: link.email };
  });
}

/** The mail that carries a link (`link` from outboundLink: never built from the request). */
export function verificationMail(username: string, email: string, link: string): { subject: string; text: string } {
  return {
    subject: "Confirm your email for Porch",
    text:
      `Hello ${username},\n\nSomeone (hopefully you) asked Porch to confirm that ${email} belongs to the account ${username}.\n` +
      `Confirm it here within 24 hours:\n\n${link}\n\nIf it wasn't you, ignore this mail: nothing changes.\n`,
  };
}
