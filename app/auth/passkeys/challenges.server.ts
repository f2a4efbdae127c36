import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { Db } from "~/db.server";
import { clearCookie, readPorchCookie, setCookie } from "../cookie.server";
import { WEBAUTHN_CHALLENGE_MS } from "../lifetimes";
import { hashToken, newIdSecret, secretMatches, splitIdSecret } from "../tokens.server";

// A passkey ceremony's challenge (ADR 037): issued with the options, kept in PostgreSQL so any instance
// can check the answer, and redeemed once, only by the browser that asked (its cookie proves the row).

export type ChallengePurpose = "register" | "sign-in" | "second-factor" | "session";

/**
 * Who a challenge was issued to: a registration belongs to one person's session; a second factor to one
 * person's password step (pending sign-in); a sign-in to nobody yet.
 */
export interface ChallengeSubject {
  userId: string | null;
  sessionId: string | null;
  pendingId?: string | null;
}

/**
 * A fresh challenge for `purpose`, and the cookie that lets this browser redeem it. The browser's
 * previous unredeemed challenge, if its cookie names one, is dropped: one ceremony per browser.
 */
export async function issueChallenge(
  db: Db,
  request: Request,
  purpose: ChallengePurpose,
  subject: ChallengeSubject,
  secure: boolean,
  now = new Date(),
): Promise<{ challenge: string; cookie: string }> {
  const previous = splitIdSecret(readPorchCookie(request, "webauthn", secure));
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const challenge = encodeBase64urlNoPadding(bytes);
  const { id, secret, token } = newIdSecret();
  await db`
    with dropped as (delete from webauthn_challenges where id = ${previous?.id ?? null} or expires_at < ${now})
    insert into webauthn_challenges (id, secret_hash, challenge, purpose, user_id, session_id, pending_sign_in_id, expires_at)
    values (${id}, ${hashToken(secret)}, ${challenge}, ${purpose}, ${subject.userId}, ${subject.sessionId}, ${subject.pendingId ?? null},
            ${new Date(now.getTime() + WEBAUTHN_CHALLENGE_MS)})`;
  return { challenge, cookie: setCookie("webauthn", token, secure) };
}

/**
 * Redeems the challenge this browser's cookie names, once: the row is deleted whether or not the answer
 * then verifies, so a replayed answer, another browser's, another purpose's or an expired one finds
 * nothing. Null when there is nothing to redeem.
 */
export async function redeemChallenge(
  db: Db,
  request: Request,
  purpose: ChallengePurpose,
  subject: ChallengeSubject,
  secure: boolean,
  now = new Date(),
): Promise<string | null> {
  const parts = splitIdSecret(readPorchCookie(request, "webauthn", secure));
  if (!parts) return null;
  const [row] = await db<{ secretHash: Uint8Array; challenge: string }[]>`
    delete from webauthn_challenges
     where id = ${parts.id} and purpose = ${purpose} and expires_at > ${now}
       and user_id is not distinct from ${subject.userId}::uuid and session_id is not distinct from ${subject.sessionId}
       and pending_sign_in_id is not distinct from ${subject.pendingId ?? null}
    returning secret_hash, challenge`;
  return row && secretMatches(row.secretHash, parts.secret) ? row.challenge : null;
}

/** Removes the browser's challenge cookie once its ceremony is over. */
export const clearChallengeCookie = (secure: boolean) => clearCookie("webauthn", secure);
