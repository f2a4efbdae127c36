import type { Db } from "~/db.server";

export interface ThrottlePolicy {
  accountAttempts: number;
  ipAttempts: number;
  windowMs: number;
  lockMs: number;
}

export const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Counts one attempt against a key *before* the password is checked, in one atomic statement, so 50
 * parallel guesses can't all be checked: only the first `limit` in a window get through. Reaching the
 * limit locks the key for `lockMs`; the caller forgives the attempt when the password was right.
 */
async function reserve(db: Db, key: string, limit: number, policy: ThrottlePolicy, now: Date): Promise<Reservation> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const lockUntil = new Date(now.getTime() + policy.lockMs);
  const firstLock = limit <= 1 ? lockUntil : null;
  // During a lock the counter still grows, so "locked and over the limit" means this attempt was refused,
  // while "locked at exactly the limit" means this attempt is the last one allowed (and set the lock).
  const [row] = await db<{ failures: number; locked_until: Date | null }[]>`
    insert into auth_throttle as t (key, failures, window_start, locked_until)
    values (${key}, 1, ${now}, ${firstLock})
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
    returning failures, locked_until`;
  if (row.locked_until && row.locked_until.getTime() > now.getTime() && row.failures > limit) {
    return { ok: false, retryAfterMs: row.locked_until.getTime() - now.getTime() };
  }
  return { ok: true };
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
): Promise<Reservation> {
  const account = await reserve(db, accountKey(input.username), policy.accountAttempts, policy, now);
  if (!account.ok) return account;
  if (input.ip) {
    const ip = await reserve(db, ipKey(input.ip), policy.ipAttempts, policy, now);
    if (!ip.ok) return ip;
  }
  return { ok: true };
}

/** The attempt succeeded: the account starts afresh, and the IP gets its attempt (and so its lock) back. */
export async function forgiveAttempt(db: Db, input: { username: string; ip: string | null }, policy: ThrottlePolicy): Promise<void> {
  await db`delete from auth_throttle where key = ${accountKey(input.username)}`;
  if (input.ip) {
    await db`
      update auth_throttle
         set failures = greatest(failures - 1, 0),
             locked_until = case when failures - 1 < ${policy.ipAttempts} then null else locked_until end
       where key = ${ipKey(input.ip)}`;
  }
}

/** Whether this attempt's failure just locked the account (for the audit log). */
export async function lockedUntil(db: Db, username: string, now = new Date()): Promise<Date | null> {
  const [row] = await db<{ locked_until: Date | null }[]>`select locked_until from auth_throttle where key = ${accountKey(username)}`;
  return row?.locked_until && row.locked_until.getTime() > now.getTime() ? row.locked_until : null;
}

export async function unlockAccount(db: Db, username: string): Promise<void> {
  await db`delete from auth_throttle where key = ${accountKey(username)}`;
}

/** Rows whose window and lock are both over: the periodic job removes them. */
export async function deleteStaleThrottles(db: Db, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  const result = await db`
    delete from auth_throttle
     where window_start < ${new Date(now.getTime() - policy.windowMs)}
       and (locked_until is null or locked_until < ${now})`;
  return result.count;
}

/**
 * Counts a failure against `key` after the fact, for cheap checks (API keys) where checking first
 * costs nothing; reaching `limit` in the window locks the key for `lockMs`.
 */
export async function countFailure(db: Db, key: string, limit: number, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  await reserve(db, key, limit, policy, now);
}
