import type { Db } from "~/db.server";
import { DEVICE_SIGN_IN_MS } from "~/auth/lifetimes";
import { codeOf } from "~/auth/device/code";
import { hashToken, newIdSecret, secretMatches, splitIdSecret } from "~/auth/tokens.server";

// Signing in on a TV with a code (issue #22 part 3, ADR 039). The TV's request is found two ways: by
// its cookie (`<id>.<secret>`: the TV, to show the code and collect the approval) and by its code's
// hash (a signed-in person on /activate). The code alone never yields a session.

export interface DeviceRequest {
  id: string;
  /** What the TV shows: derived from the cookie's secret, kept nowhere. */
  code: string;
  state: "waiting" | "approved" | "denied";
  expiresAt: Date;
}

/** A waiting request as the approving person sees it: which device asks, from where, since when. */
export interface WaitingDevice {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
}

const codeHash = (code: string) => hashToken(`device code:${code}`);

/** A new request for this browser: the cookie's token, and its code. A code already waiting is never handed out twice. */
export async function askForCode(
  db: Db,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ token: string; code: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + DEVICE_SIGN_IN_MS);
  for (;;) {
    const { id, secret, token } = newIdSecret();
    const code = codeOf(secret);
    // A code equal to a live one (one in tens of billions per live code) just makes another.
    const made = await db`
      insert into device_sign_ins (id, secret_hash, code_hash, ip, user_agent, created_at, expires_at)
      values (${id}, ${hashToken(secret)}, ${codeHash(code)}, ${client.ip}, ${client.userAgent?.slice(0, 512) ?? null}, ${now}, ${expiresAt})
      on conflict (code_hash) do nothing`;
    if (made.count === 1) return { token, code, expiresAt };
  }
}

/** The TV's own request, from its cookie, while it lasts and hasn't been used; null otherwise. */
export async function readDeviceRequest(db: Db, token: string | undefined, now = new Date()): Promise<DeviceRequest | null> {
  const parts = splitIdSecret(token);
  if (!parts) return null;
  const [row] = await db<{ id: string; secretHash: Uint8Array; expiresAt: Date; approvedAt: Date | null; deniedAt: Date | null }[]>`
    select id, secret_hash, expires_at, approved_at, denied_at from device_sign_ins
     where id = ${parts.id} and expires_at > ${now} and used_at is null`;
  if (!row || !secretMatches(row.secretHash, parts.secret)) return null;
  const state = row.approvedAt ? "approved" : row.deniedAt ? "denied" : "waiting";
  return { id: row.id, code: codeOf(parts.secret), state, expiresAt: row.expiresAt };
}

/**
 * Marks an approved request used, once, and says whom it signs in (null when it isn't approved, was
 * used, or expired: two tabs of the same TV can't both get a session). The approver's session must
 * still exist and be live (attack37: an idle-expired one not yet swept counted), and its passkey, if one
 * proved it, comes along. Ending the approver's other sessions ends their waiting approvals too
 * (endUserSessions).
 */
/**
 * What the TV's session inherits from the approving one: its passkey (for passkey-required groups) and
 * its OpenID provider session, so a back-channel logout of that ends the TV's too (attack40).
 */
interface Approval {
  userId: string;
  remember: boolean;
  approvedFrom: string | null;
  passkeyId: string | null;
  oidcSid: string | null;
}

export async function redeemApproval(db: Db, id: string, now = new Date()): Promise<Approval | null> {
  const [row] = await db<Approval[]>`
    update device_sign_ins d set used_at = ${now}
      from sessions s
     where d.id = ${id} and d.approved_at is not null and d.used_at is null and d.expires_at > ${now}
       and s.id = d.approver_session_id and s.expires_at > ${now}
    returning d.approved_by as user_id, d.remember, d.approved_from, s.passkey_id, s.oidc_sid`;
  return row ?? null;
}

/** The TV gave up (or was refused): its request goes, so its code can't be approved any more. */
export async function dropDeviceRequest(db: Db, id: string): Promise<void> {
  await db`delete from device_sign_ins where id = ${id}`;
}

/** The request waiting with this code (canonical form), or null. */
export async function findWaiting(db: Db, code: string, now = new Date()): Promise<WaitingDevice | null> {
  const [row] = await db<WaitingDevice[]>`
    select id, ip, user_agent, created_at, expires_at from device_sign_ins
     where code_hash = ${codeHash(code)} and expires_at > ${now}
       and approved_at is null and denied_at is null and used_at is null`;
  return row ?? null;
}

/**
 * Answers the request waiting with this code, if it still waits: approved by this person from this
 * session, or denied. Returns the request, or null when none waits (expired, answered, mistyped).
 */
export async function answerRequest(
  db: Db,
  code: string,
  answer: { approve: true; userId: string; sessionId: string; approvedFrom: string; remember: boolean } | { approve: false },
  now = new Date(),
): Promise<WaitingDevice | null> {
  const waiting = db`code_hash = ${codeHash(code)} and expires_at > ${now} and approved_at is null and denied_at is null and used_at is null`;
  const [row] = answer.approve
    ? await db<WaitingDevice[]>`
        update device_sign_ins set approved_by = ${answer.userId}, approver_session_id = ${answer.sessionId},
                                   approved_at = ${now}, approved_from = ${answer.approvedFrom}, remember = ${answer.remember}
         where ${waiting}
        returning id, ip, user_agent, created_at, expires_at`
    : await db<WaitingDevice[]>`
        update device_sign_ins set denied_at = ${now} where ${waiting}
        returning id, ip, user_agent, created_at, expires_at`;
  return row ?? null;
}

/** The devices a person approved that haven't collected their session yet: Settings → Sessions lists them. */
export async function approvedNotCollected(db: Db, userId: string, now = new Date()): Promise<WaitingDevice[]> {
  return db<WaitingDevice[]>`
    select id, ip, user_agent, created_at, expires_at from device_sign_ins
     where approved_by = ${userId} and used_at is null and expires_at > ${now}
     order by approved_at desc`;
}

/** One of a person's approvals not yet collected, cancelled by them (attack38). True when there was one. */
export async function cancelApproval(db: Db, userId: string, id: string): Promise<boolean> {
  if (!/^[a-z2-7]{32}$/.test(id)) return false;
  return (await db`delete from device_sign_ins where id = ${id} and approved_by = ${userId} and used_at is null`).count === 1;
}

/** Requests past their ten minutes: the hourly job removes them. */
export async function deleteStaleDeviceRequests(db: Db, now = new Date()): Promise<number> {
  return (await db`delete from device_sign_ins where expires_at < ${now}`).count;
}
