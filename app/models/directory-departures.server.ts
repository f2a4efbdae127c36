import type { LdapConfig } from "~/auth/ldap/config";
import { LdapError } from "~/auth/ldap/ldap.server";
import { directoryStanding, type DirectoryStanding } from "~/auth/ldap/standing.server";
import type { Sql } from "~/db.server";
import type { AuditActor } from "./audit.server";
import { resetCredentials, type CredentialsResetOutcome } from "./credentials-reset.server";
import { DirectoryUserRefused } from "./directory-users.server";
import { usernameMatches } from "./users.server";

export type Departure = { username: string; standing: Exclude<DirectoryStanding, "present"> } & CredentialsResetOutcome;

/** A directory answer that may mean the person left: nobody found under that name, or the name now belongs to another entry. */
export function departureSuspected(error: unknown): boolean {
  return (
    (error instanceof LdapError && error.step === "user search" && error.kind === "refused") ||
    (error instanceof DirectoryUserRefused && error.reason === "username-taken-by-local-account")
  );
}

/**
 * A sync or a sign-in didn't find `username` in the directory. If a local LDAP account has that name,
 * the directory is asked about it by its stored identity (not by the typed name, so a failed sign-in
 * can't end anyone's access by itself); gone or disabled → its sessions, API keys and pending sign-ins
 * end (resetCredentials). Null when there is no such account, it is still there, or the directory
 * can't tell.
 */
export async function noticeDirectoryDeparture(
  sql: Sql,
  config: LdapConfig,
  username: string,
  actor: AuditActor,
): Promise<Departure | null> {
  // No username holds a NUL, and PostgreSQL refuses one in text: nothing to look up.
  if (username.includes("\u0000")) return null;
  const [account] = await sql<{ id: string; username: string; externalId: string }[]>`
    select id, username, external_id from users
     where provider = 'ldap' and external_id is not null and ${usernameMatches(sql, username.slice(0, 256))}`;
  if (!account) return null;
  let standing: DirectoryStanding;
  try {
    standing = await directoryStanding(config, account);
  } catch (error) {
    if (error instanceof LdapError) return null;
    throw error;
  }
  if (standing === "present") return null;
  const ended = await sql.begin(async (tx) => {
    // Already ended by an earlier check: nothing to do, and nothing to log again.
    const [{ live }] = await tx<{ live: boolean }[]>`
      select exists (select 1 from sessions where user_id = ${account.id})
          or exists (select 1 from pending_sign_ins where user_id = ${account.id})
          or exists (select 1 from api_keys where user_id = ${account.id} and revoked_at is null) as live`;
    if (!live) return { sessionsEnded: 0, apiKeysRevoked: 0, passkeysRemoved: 0 };
    return resetCredentials(tx, actor, account.id, {
      action: "user.directory-departed",
      endApiKeys: true,
      details: { provider: "ldap", standing },
    });
  });
  return { username: account.username, standing, ...ended };
}
