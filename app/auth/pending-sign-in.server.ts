import type { Db, Sql } from "~/db.server";
import { clearCookie, setCookie } from "./cookie.server";
import { PENDING_LIFETIME_MS } from "./lifetimes";
import { PasswordChangedError, proofHolds, type SignInProof } from "./sign-in-proof.server";
import { hashToken, newIdSecret, secretMatches, splitIdSecret } from "./tokens.server";

// Between a correct password and the second factor: who is signing in, for five minutes. Not a session:
// it grants nothing but the right to submit a code.

export interface PendingSignIn {
  id: string;
  userId: string;
  username: string;
  remember: boolean;
  redirectTo: string | null;
  /** The account's password hash now: a reset since the password step deleted this row, so it is the one proved. */
  passwordHash: string | null;
  /** An OpenID Connect sign-in's id_token, for the session it becomes. */
  idToken: string | null;
}

/** PasswordChangedError when `proof` (the password check's) no longer holds: a reset came in between. */
export async function createPendingSignIn(
  sql: Sql,
  input: { userId: string; remember: boolean; redirectTo?: string | null; idToken?: string | null },
  proof?: SignInProof,
): Promise<string> {
  const { id, secret, token } = newIdSecret();
  await sql.begin(async (tx) => {
    if (await proofHolds(tx, input.userId, proof)) throw new PasswordChangedError();
    await tx`delete from pending_sign_ins where user_id = ${input.userId} or expires_at < now()`;
    await tx`
      insert into pending_sign_ins (id, secret_hash, user_id, remember, redirect_to, id_token, expires_at)
      values (${id}, ${hashToken(secret)}, ${input.userId}, ${input.remember}, ${input.redirectTo ?? null},
              ${input.idToken ?? null}, ${new Date(Date.now() + PENDING_LIFETIME_MS)})`;
  });
  return token;
}

export async function readPendingSignIn(db: Db, token: string | undefined): Promise<PendingSignIn | null> {
  const parts = splitIdSecret(token);
  if (!parts) return null;
  const [row] = await db<(PendingSignIn & { secretHash: Uint8Array })[]>`
    select p.id, p.secret_hash, p.user_id, u.username, p.remember, p.redirect_to, u.password_hash, p.id_token
      from pending_sign_ins p join users u on u.id = p.user_id
     where p.id = ${parts.id} and p.expires_at > now() and u.status = 'active'`;
  if (!row || !secretMatches(row.secretHash, parts.secret)) return null;
  const { secretHash: _, ...pending } = row;
  return pending;
}

export async function deletePendingSignIn(db: Db, id: string): Promise<void> {
  await db`delete from pending_sign_ins where id = ${id}`;
}

export function pendingCookie(token: string, secure: boolean): string {
  return setCookie("pending", token, secure);
}

export function clearPendingCookie(secure: boolean): string {
  return clearCookie("pending", secure);
}
