import type postgres from "postgres";
import type { Db } from "~/db.server";
import { throttledNetwork } from "~/server/ip";

export interface ThrottlePolicy {
  accountAttempts: number;
  ipAttempts: number;
  windowMs: number;
  lockMs: number;
}

/**
 * An account's lockout key: `account:` and its name's canonical form, computed by PostgreSQL's
 * porch_name_key() like every other comparison of usernames (ADR 014), so that no spelling of a
 * name (ALICE, ａlice, alİce) counts apart from the account it signs in to.
 */
const accountKey = (db: Db, username: string) => db`'account:' || porch_name_key(${username})`;
export const ipKey = (ip: string) => `ip:${throttledNetwork(ip)}`;

export type Reservation =
  { ok: true; key: string; limit: number; locksAt: Date | null } | { ok: false; key: string; limit: number; retryAfterMs: number };

/**
 * Counts one attempt against a key *before* the secret is checked, in one atomic statement, so 50
 * parallel guesses can't all be checked: only the first `limit` in a window get through. Reaching the
 * limit locks the key for `lockMs` (`locksAt` says this attempt did it); a check that succeeds gives
 * its attempt back (refund). `except` skips keys this attempt already counted: null then.
 */
async function reserve(
  db: Db,
  key: string | postgres.Fragment,
  limit: number,
  policy: ThrottlePolicy,
  now: Date,
  except: string[] = [],
): Promise<Reservation | null> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const lockUntil = new Date(now.getTime() + policy.lockMs);
  const firstLock = limit <= 1 ? lockUntil : null;
  // During a lock the counter still grows, so "locked and over the limit" means this attempt was refused,
  // while "locked at exactly the limit" means this attempt is the last one allowed (and set the lock).
  const [row] = await db<{ key: string; failures: number; lockedUntil: Date | null }[]>`
    insert into auth_throttle as t (key, failures, window_start, locked_until)
    select k, 1, ${now}, ${firstLock}::timestamptz from (select ${key} as k) new where not (k = any(${except}::text[]))
    on conflict (key) do update set
      failures = case
        when t.locked_until > ${now} then t.failures + 1
        when t.locked_until is not null or t.window_start < ${windowStart} then 1
        else t.failures + 1 end,
      window_start = case
        when t.locked_until > ${now} then t.window_start
        when t.locked_until is not null or t.window_start < ${windowStart} then ${now}
        else t.window_start end,
      locked_until = case
        when t.locked_until > ${now} then t.locked_until
        when t.locked_until is not null or t.window_start < ${windowStart} then ${firstLock}::timestamptz
        when t.failures + 1 >= ${limit} then ${lockUntil}::timestamptz
        else null end
    returning key, failures, locked_until`;
  if (!row) return null;
  const locked = row.lockedUntil && row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil : null;
  if (locked && row.failures > limit) return { ok: false, key: row.key, limit, retryAfterMs: locked.getTime() - now.getTime() };
  return { ok: true, key: row.key, limit, locksAt: locked };
}

/** One attempt against the account `username` means, unless this attempt counted it already (null). */
export function reserveAccount(db: Db, username: string, policy: ThrottlePolicy, now = new Date(), except: string[] = []) {
  return reserve(db, accountKey(db, username), policy.accountAttempts, policy, now, except);
}

export async function reserveIp(db: Db, ip: string, policy: ThrottlePolicy, now = new Date()): Promise<Reservation> {
  return (await reserve(db, ipKey(ip), policy.ipAttempts, policy, now))!;
}

/**
 * Reserves an attempt for the account and for the client IP. Refused when either is locked:
 * the caller then answers without checking the password at all.
 */
export async function reserveAttempt(
  db: Db,
  input: { username: string; ip: string | null },
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const account = (await reserveAccount(db, input.username, policy, now))!;
  if (!account.ok) return account;
  if (input.ip) {
    const ip = await reserveIp(db, input.ip, policy, now);
    if (!ip.ok) return ip;
  }
  return { ok: true };
}

/** The check succeeded: each key gets this attempt back, and with it the lock the attempt may have set. */
export async function refundAttempt(db: Db, reservations: Array<{ key: string; limit: number }>): Promise<void> {
  for (const { key, limit } of reservations) {
    await db`
      update auth_throttle
         set failures = greatest(failures - 1, 0),
             locked_until = case when failures - 1 < ${limit} then null else locked_until end
       where key = ${key}`;
  }
}

/** A whole sign-in succeeded (ADR 006): the account starts afresh. Nothing short of that forgives. */
export async function forgiveUser(db: Db, userId: string): Promise<void> {
  await db`delete from auth_throttle where key = (select 'account:' || username_key from users where id = ${userId})`;
}

/** Until when the account `username` means is locked, or null. */
export async function lockedUntil(db: Db, username: string, now = new Date()): Promise<Date | null> {
  const [row] = await db<{ lockedUntil: Date | null }[]>`select locked_until from auth_throttle where key = ${accountKey(db, username)}`;
  return row?.lockedUntil && row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil : null;
}

export async function unlockAccount(db: Db, username: string): Promise<void> {
  await db`delete from auth_throttle where key = ${accountKey(db, username)}`;
}

/** Rows whose window and lock are both over: the periodic job removes them. */
export async function deleteStaleThrottles(db: Db, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  const result = await db`
    delete from auth_throttle
     where window_start < ${new Date(now.getTime() - policy.windowMs)}
       and (locked_until is null or locked_until < ${now})`;
  return result.count;
}

/** One attempt against any other key (a network asking for sign-in codes): refused while it is locked. */
export async function reserveKey(db: Db, key: string, limit: number, policy: ThrottlePolicy, now = new Date()): Promise<Reservation> {
  return (await reserve(db, key, limit, policy, now))!;
}

/**
 * Counts a failure against `key` after the fact, for cheap checks (API keys) where checking first
 * costs nothing; reaching `limit` in the window locks the key for `lockMs`.
 */
export async function countFailure(db: Db, key: string, limit: number, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  await reserve(db, key, limit, policy, now);
}
