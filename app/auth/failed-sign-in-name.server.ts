import type { Db } from "~/db.server";
import { usernameMatches } from "~/models/users.server";

/**
 * What a failed sign-in's audit row and log line keep of the name typed. A name no account has is often a
 * password typed into the wrong field (attack11, attack12), and the log must never hold a password: of
 * such a name only its first character and its length are kept, enough to see one guess come back, never
 * enough to read it. A name an account has is kept (up to 64 characters): its lock history needs it.
 */
export async function failedSignInName(db: Db, typed: string, accountKnown: boolean | null): Promise<string> {
  const known = accountKnown ?? (await db`select 1 from users where ${usernameMatches(db, typed)}`).length > 0;
  if (known) return typed.slice(0, 64);
  const chars = [...typed];
  return `${chars[0] ?? ""}… (no such account, ${chars.length} characters)`;
}
