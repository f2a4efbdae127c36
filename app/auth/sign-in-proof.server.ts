import type { Db } from "~/db.server";

/**
 * What a sign-in's check proved: this account's password hash, as it was when the password matched it;
 * or the passkey whose answer verified.
 */
export interface SignInProof {
  userId: string;
  passwordHash?: string;
  passkeyId?: string;
}

/**
 * Null when `proof` still holds, else why not. The account's row is locked (as resetCredentials() locks
 * it), and then the account must be active, its password hash still the one the password matched, and the
 * passkey still its own. A recovery or deactivation between the check and what the check grants (a
 * session, a pending two-factor step) must win (attack25). Call it inside the transaction that writes the
 * grant. Without a proof for this user (onboarding, an invite, OpenID Connect) only the account's state is
 * checked.
 */
export async function proofHolds(tx: Db, userId: string, proof: SignInProof | undefined): Promise<string | null> {
  const [row] = await tx<{ passwordHash: string | null; status: string; kind: string }[]>`
    select password_hash, status, kind from users where id = ${userId} for update`;
  if (!row || row.status !== "active") return "the account was deactivated during the sign-in";
  // Its keys are its only credential (ADR 040); the database refuses its sessions too, this says why first.
  if (row.kind === "service") return "a service account never signs in";
  if (proof?.userId !== userId) return null;
  if (proof.passwordHash !== undefined && row.passwordHash !== proof.passwordHash) return "the password changed during the sign-in";
  // A statement of its own, after the lock: one statement that waited for the lock would still read the
  // passkeys as they were when it began (READ COMMITTED re-reads only the locked row).
  if (proof.passkeyId !== undefined) {
    const [kept] = await tx`select 1 from webauthn_credentials where id = ${proof.passkeyId} and user_id = ${userId}`;
    if (!kept) return "the passkey was removed during the sign-in";
  }
  return null;
}

export class PasswordChangedError extends Error {
  constructor() {
    super("The password changed during the sign-in");
    this.name = "PasswordChangedError";
  }
}
