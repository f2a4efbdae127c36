import type { Db } from "~/db.server";
import { findUserForLogin, setPasswordHash } from "~/models/users.server";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.server";

export type CredentialsFailure = "unknown-user" | "no-password" | "wrong-password" | "inactive";
/** `proof`: the password hash the password matched, which must still be the account's when the session is made. */
export type CredentialsResult = { ok: true; userId: string; username: string; proof: string } | { ok: false; reason: CredentialsFailure };

/**
 * Checks a username and password. Every path does the same hashing (one argon2id, and one bcrypt
 * while hashes imported from Homarr remain), so neither the message nor the timing tells whether the
 * account exists or was imported. The precise reason is for the audit log.
 */
export async function verifyCredentials(db: Db, username: string, password: string): Promise<CredentialsResult> {
  const { user, legacyCost } = await findUserForLogin(db, username);
  if (!user) {
    await verifyAgainstDummy(password, legacyCost);
    return { ok: false, reason: "unknown-user" };
  }
  if (!user.passwordHash) {
    // LDAP and OIDC users have no local password.
    await verifyAgainstDummy(password, legacyCost);
    return { ok: false, reason: "no-password" };
  }
  const { ok, rehash } = await verifyPassword(user.passwordHash, password, legacyCost);
  if (!ok) return { ok: false, reason: "wrong-password" };
  if (user.status !== "active") return { ok: false, reason: "inactive" };
  let proof = user.passwordHash;
  if (rehash) {
    proof = await hashPassword(password);
    await setPasswordHash(db, user.id, proof);
  }
  return { ok: true, userId: user.id, username: user.username, proof };
}
