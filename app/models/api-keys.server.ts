import { newApiKey } from "~/auth/api-key.server";
import type { Db, Sql } from "~/db.server";
import type { PermissionKey } from "~/permissions/definitions";
import { type AuditActor, recordChange } from "./audit.server";

export interface ApiKeyRow {
  id: string;
  userId: string;
  username: string;
  description: string;
  permissions: PermissionKey[];
  actAsOwner: boolean;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  status: "active" | "expired" | "revoked";
}

export interface NewApiKey {
  userId: string;
  description: string;
  permissions: PermissionKey[];
  actAsOwner: boolean;
  expiresAt: Date | null;
  /** The session asking for it: the key is made only while that session still exists. */
  sessionId?: string | null;
}

/** The session that asked for a key ended before the key was made. */
export class SessionEndedError extends Error {
  constructor() {
    super("Your session ended before the key was made (signed out everywhere, or the password was reset): sign in again.");
    this.name = "SessionEndedError";
  }
}

/**
 * Creates a key and returns its one and only plain copy; SessionEndedError when the asking session ended first.
 * The owner's row is locked, as resetCredentials() locks it: a recovery (password reset, "End all
 * sessions and API keys") and a key made by a session it ends can't interleave. Either the key exists
 * before the reset (which revokes it) or the session is gone when the key would be made.
 */
export async function createApiKey(sql: Sql, actor: AuditActor, input: NewApiKey): Promise<{ id: string; token: string }> {
  const { id, token, secretHash } = newApiKey();
  await sql.begin(async (tx) => {
    await tx`select 1 from users where id = ${input.userId} for update`;
    let passkeyId: string | null = null;
    if (input.sessionId) {
      const [alive] = await tx<{ passkeyId: string | null }[]>`
        select passkey_id from sessions where id = ${input.sessionId} and user_id = ${input.userId}`;
      if (!alive) throw new SessionEndedError();
      // The key is as good as the session that made it (a group's passkey requirement reads this).
      passkeyId = alive.passkeyId;
    }
    await tx`
      insert into api_keys (id, secret_hash, user_id, description, permissions, act_as_owner, expires_at, passkey_id)
      values (${id}, ${secretHash}, ${input.userId}, ${input.description}, ${input.permissions}::text[], ${input.actAsOwner}, ${input.expiresAt},
              ${passkeyId})`;
    await recordChange(
      tx,
      actor,
      "api-key.created",
      { type: "api-key", id },
      {
        owner: input.userId,
        permissions: input.permissions,
        actAsOwner: input.actAsOwner,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    );
  });
  return { id, token };
}

/** Keys newest first: one person's, or everybody's (the admin page). Never a secret or its hash. */
export async function listApiKeys(db: Db, options: { userId?: string; limit?: number } = {}): Promise<ApiKeyRow[]> {
  return db<ApiKeyRow[]>`
    select k.id, k.user_id, u.username, k.description, k.permissions, k.act_as_owner,
           k.created_at, k.expires_at, k.revoked_at,
           k.last_used_at, k.last_used_ip,
           case when k.revoked_at is not null then 'revoked' when k.expires_at <= now() then 'expired' else 'active' end as status
      from api_keys k join users u on u.id = k.user_id
     where (${options.userId ?? null}::uuid is null or k.user_id = ${options.userId ?? null}::uuid)
     order by k.created_at desc, k.id
     limit ${options.limit ?? 500}`;
}

/** How many of the user's keys still work (neither revoked nor expired). */
export async function countActiveApiKeys(db: Db, userId: string): Promise<number> {
  const [{ n }] = await db<{ n: number }[]>`
    select count(*)::int as n from api_keys
     where user_id = ${userId} and revoked_at is null and (expires_at is null or expires_at > now())`;
  return n;
}

/** Revokes a key (of `ownerId` only, when given); true when a key was revoked just now. */
export async function revokeApiKey(sql: Sql, actor: AuditActor, id: string, ownerId?: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`
      update api_keys set revoked_at = now()
       where id = ${id} and revoked_at is null and (${ownerId ?? null}::uuid is null or user_id = ${ownerId ?? null}::uuid)
      returning user_id`;
    if (rows.length) await recordChange(tx, actor, "api-key.revoked", { type: "api-key", id }, { owner: rows[0].userId });
    return rows.length > 0;
  }) as Promise<boolean>;
}
