import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";

export interface SessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  remember: boolean;
  ip: string | null;
  userAgent: string | null;
}

export async function listUserSessions(db: Db, userId: string): Promise<SessionRow[]> {
  return db<SessionRow[]>`
    select id, created_at as "createdAt", last_used_at as "lastUsedAt", expires_at as "expiresAt", remember, ip,
           user_agent as "userAgent"
      from sessions where user_id = ${userId} and expires_at > now()
     order by last_used_at desc`;
}

/** Ends one of the user's sessions (only theirs: a guessed id of someone else's does nothing). */
export async function revokeSession(sql: Sql, actor: AuditActor, userId: string, sessionId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const gone = await tx`delete from sessions where id = ${sessionId} and user_id = ${userId} returning id`;
    if (gone.length) await recordChange(tx, actor, "session.revoked", { type: "session", id: sessionId }, { userId });
    return gone.length > 0;
  });
}

/** Ends every session of the user except `keepId` (null: all of them). */
export async function revokeSessions(sql: Sql, actor: AuditActor, userId: string, keepId: string | null): Promise<number> {
  return sql.begin(async (tx) => {
    const gone = keepId
      ? await tx`delete from sessions where user_id = ${userId} and id <> ${keepId} returning id`
      : await tx`delete from sessions where user_id = ${userId} returning id`;
    await recordChange(tx, actor, keepId ? "session.revoked-others" : "session.revoked-all", { type: "user", id: userId }, {
      count: gone.length,
    });
    return gone.length;
  });
}
