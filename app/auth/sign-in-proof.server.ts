import type { Db } from "~/db.server";

/** What a password check proved: this account's password hash, as it was when the password matched it. */
export interface SignInProof {
  userId: string;
  passwordHash: string;
}

/**
 * True when `proof` still holds: the account's row is locked (as resetCredentials() locks it) and its
 * password hash is still the one the password matched. A password changed between the check and what
 * the check grants (a session, a pending two-factor step) must win. Call it inside the transaction that
 * writes the grant. No proof for this user (onboarding, an invite, OpenID Connect): nothing to check.
 */
export async function proofHolds(tx: Db, userId: string, proof: SignInProof | undefined): Promise<boolean> {
  const [row] = await tx<{ passwordHash: string | null }[]>`select password_hash from users where id = ${userId} for update`;
  return proof?.userId !== userId || row?.passwordHash === proof.passwordHash;
}

export class PasswordChangedError extends Error {
  constructor() {
    super("The password changed during the sign-in");
    this.name = "PasswordChangedError";
  }
}
