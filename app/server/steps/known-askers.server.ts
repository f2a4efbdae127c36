// Forward auth's memory of who asked (ADR 035). The check is on the path of every request to every
// protected app; the facts behind its answer change rarely. So each instance keeps, per credential and
// address, what the actor's statement returned, with the access generation it was read at
// (migration 0028), and reuses it while `select n from access_generation` still says that number.
// Any committed change to sessions, keys, people, groups, permissions, boards or protected apps bumps
// it in the writing transaction itself: the next request on every instance reads afresh.
import type { Db } from "~/db.server";
import type { AppAddress } from "~/permissions/app-address";
import { MINUTE } from "~/utils/time";
import type { Credentials } from "./credentials.server";
import type { resolveRequestActor } from "./request-actor.server";

type Resolved = Exclude<Awaited<ReturnType<typeof resolveRequestActor>>, Response>;

interface Known {
  resolved: Resolved;
  generation: string;
  /** Read afresh after this: a session's or key's expiry, and the bookkeeping of use (a key's last use, a session's slide). */
  until: number;
}

/**
 * Bounded: a person trying many addresses, or many people, push the oldest out (a Map keeps insertion
 * order). An entry is a few KB; more than this in one minute is a busy instance, and a miss is only
 * the full check it was before.
 */
const LIMIT = 2_000;
/** A key's last use is written once a minute; a session slides hourly. Both keep happening. */
const KEEP_MS = MINUTE;
const known = new Map<string, Known>();

const keyOf = (credentials: Credentials, address: AppAddress) => {
  const secret = credentials.kind === "api-key" ? `k:${credentials.key}` : `c:${credentials.token}`;
  return `${secret}\u0000${address.origin}${address.path}`;
};

/** What was resolved for these credentials at this address, if nothing that decides it changed since. */
export async function recall(db: Db, credentials: Credentials, address: AppAddress, now = Date.now()): Promise<Resolved | null> {
  if (credentials.kind === "cookie" && !credentials.token) return null;
  const key = keyOf(credentials, address);
  const entry = known.get(key);
  if (!entry) return null;
  if (entry.until <= now) {
    known.delete(key);
    return null;
  }
  const [row] = await db<{ n: string }[]>`select n::text from access_generation`;
  if (row?.n === entry.generation) return entry.resolved;
  known.delete(key);
  return null;
}

/**
 * Keeps a signed-in asker's resolution, read in one statement with its generation (the facts carry it).
 * A refreshed session's cookie went out with this answer; the kept copy sends none.
 */
export function remember(credentials: Credentials, address: AppAddress, resolved: Resolved, now = Date.now()): void {
  const generation = (resolved.also as { generation?: string } | undefined)?.generation;
  if (resolved.actor.kind === "guest" || !generation) return;
  if (credentials.kind === "cookie" && !credentials.token) return;
  const expires =
    resolved.actor.kind === "api-key" ? resolved.actor.apiKey.expiresAt?.getTime() : resolved.session?.session.expiresAt.getTime();
  const until = Math.min(now + KEEP_MS, expires ?? Infinity);
  const session = resolved.session ? { ...resolved.session, refreshed: false } : resolved.session;
  const key = keyOf(credentials, address);
  known.delete(key);
  // The oldest go first: past their time, or past the limit.
  for (const [oldest, entry] of known) {
    if (known.size < LIMIT && entry.until > now) break;
    known.delete(oldest);
  }
  known.set(key, { resolved: { ...resolved, session }, generation, until });
}

/** Tests: forget everything. */
export function forgetAskers(): void {
  known.clear();
}
