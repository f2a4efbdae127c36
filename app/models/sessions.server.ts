import { endUserSession, endUserSessions } from "~/auth/session.server";
import { sessionRef } from "~/auth/tokens.server";
import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";

/** A session as pages show it: by its reference (sessionRef), never by its id. */
export interface SessionListing {
  ref: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  remember: boolean;
  ip: string | null;
  userAgent: string | null;
  /** A TV's session: the device that approved it with a code, as it was then ("Firefox on Android, 198.51.100.2"). */
  approvedFrom: string | null;
  /** The session this very request came with. */
  current: boolean;
}

/** The user's live sessions, newest activity first; `currentId` is the validated session of the asker. */
export async function listUserSessions(db: Db, userId: string, currentId: string | null): Promise<SessionListing[]> {
  const rows = await db<(Omit<SessionListing, "ref" | "current"> & { id: string })[]>`
    select id, created_at, last_used_at, expires_at, remember, ip, user_agent, approved_from
      from sessions where user_id = ${userId} and expires_at > now()
     order by last_used_at desc`;
  return rows.map(({ id, ...row }) => ({ ...row, ref: sessionRef(id), current: id === currentId }));
}

/**
 * Ends one of the user's sessions, named by its reference (only theirs: someone else's reference, or
 * a guess, does nothing). True when a session ended.
 */
export async function revokeSession(sql: Sql, actor: AuditActor, userId: string, ref: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const mine = await tx<{ id: string }[]>`select id from sessions where user_id = ${userId} for update`;
    const id = mine.find((s) => sessionRef(s.id) === ref)?.id;
    if (!id) return false;
    await endUserSession(tx, userId, id);
    await recordChange(tx, actor, "session.revoked", { type: "session", id }, { userId });
    return true;
  });
}

/**
 * "Sign out everywhere else": every session of the user but `keepId` (the asker's own). Ending all of
 * them is a credentials reset (resetCredentials), which takes the API keys with them.
 */
export async function revokeOtherSessions(sql: Sql, actor: AuditActor, userId: string, keepId: string): Promise<number> {
  return sql.begin(async (tx) => {
    const gone = await endUserSessions(tx, userId, keepId);
    await recordChange(tx, actor, "session.revoked-others", { type: "user", id: userId }, { count: gone.length });
    return gone.length;
  });
}
