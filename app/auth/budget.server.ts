import { getConfig } from "~/config.server";
import { getSql, type Sql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { describeDuration } from "~/utils/time";
import { refundAttempt, reserveAccount, reserveIp, type Reservation, type ThrottlePolicy } from "./throttle.server";

// One account budget (ADR 006, ADR 014): every check of something a person knows — a password, a
// two-factor code, a recovery code — at sign-in or inside a session, spends from the same attempts of
// the same account, and only a whole sign-in gives them back (forgiveAccount, from finishSignIn).

export type CheckResult<T> = { ok: true; value: T } | { ok: false; reason: string; message?: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string; message?: string; lockedForMs: number | null };

export const tooManyAttempts = (retryAfterMs: number) => `Too many attempts, try again in ${describeDuration(retryAfterMs)}.`;

export interface Asker {
  /** The account as named (typed at sign-in, or the signed-in user's own name). */
  username: string;
  client: { ip: string | null; userAgent: string | null };
  /** The signed-in user, for checks inside a session (the audit's actor). */
  userId?: string | null;
}

/**
 * The one door every check of a secret goes through. An attempt is reserved against the account
 * (and the client's address) before `check` runs, so parallel guesses can't pass the limit; `check`
 * calls `countAgainst(name)` as soon as it learns which account the secret really belongs to (the
 * directory entry a typed email found), and must stop without testing the secret when it answers
 * false (that account is locked). A right secret gets its attempt back; a wrong one keeps it, and
 * the attempt that reaches the limit is audited as `auth.lockout`.
 */
export async function checkSecret<T>(
  who: Asker,
  check: (countAgainst: (username: string) => Promise<boolean>) => Promise<CheckResult<T>>,
  db: Sql = getSql(),
  policy: ThrottlePolicy = getConfig().lockout,
): Promise<Checked<T>> {
  const counted: Reservation[] = [];
  const refused = { forMs: null as number | null };
  const reserveFor = async (reservation: Reservation | null) => {
    if (!reservation) return true; // this attempt counted that account already
    if (!reservation.ok) refused.forMs = Math.max(refused.forMs ?? 0, reservation.retryAfterMs);
    else counted.push(reservation);
    return reservation.ok;
  };
  const countAgainst = async (username: string) =>
    reserveFor(
      await reserveAccount(
        db,
        username,
        policy,
        new Date(),
        counted.map((r) => r.key),
      ),
    );

  const admitted = (await countAgainst(who.username)) && (!who.client.ip || (await reserveFor(await reserveIp(db, who.client.ip, policy))));
  if (!admitted) return { ok: false, reason: "locked", lockedForMs: refused.forMs };
  const result = await check(countAgainst);
  if (refused.forMs !== null) return { ok: false, reason: "locked", lockedForMs: refused.forMs };
  if (result.ok) {
    await refundAttempt(db, counted);
    return result;
  }
  let lockedForMs: number | null = null;
  for (const r of counted) {
    if (!r.ok || !r.locksAt || !r.key.startsWith("account:")) continue;
    lockedForMs = Math.max(lockedForMs ?? 0, r.locksAt.getTime() - Date.now());
    // This failure reached the limit.
    await recordAudit(db, {
      action: "auth.lockout",
      actorUserId: who.userId ?? null,
      ip: who.client.ip,
      userAgent: who.client.userAgent,
      targetType: "account",
      targetId: r.key.slice("account:".length, "account:".length + 64),
      details: { until: r.locksAt.toISOString(), attempts: policy.accountAttempts },
    });
  }
  return { ...result, lockedForMs };
}

/**
 * A secret checked inside a session (current password, code): the same budget, and a failure audited
 * as `auth.check.failed`. Answers the messages to show beside the field, none when it was right.
 */
export async function checkInSession(
  who: Asker & { userId: string },
  what: string,
  check: () => Promise<boolean>,
  wrong: string | (() => string),
): Promise<string[]> {
  const checked = await checkSecret(who, async () =>
    (await check()) ? { ok: true, value: true } : { ok: false, reason: `wrong ${what}` },
  );
  if (checked.ok) return [];
  await recordAudit(getSql(), {
    action: "auth.check.failed",
    actorUserId: who.userId,
    ip: who.client.ip,
    userAgent: who.client.userAgent,
    targetType: "user",
    targetId: who.userId,
    details: { username: who.username.slice(0, 64), check: what, reason: checked.reason },
  });
  if (checked.reason === "locked") return [tooManyAttempts(checked.lockedForMs ?? 0)];
  const message = typeof wrong === "string" ? wrong : wrong();
  return checked.lockedForMs === null ? [message] : [message, tooManyAttempts(checked.lockedForMs)];
}
