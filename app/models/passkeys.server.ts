import type { Db } from "~/db.server";
import { recordChange, type AuditActor } from "./audit.server";

// A person's passkeys as My account → Security lists them, renames and removes them (issue #21).

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedUserAgent: string | null;
  /** Synced by its provider (iCloud Keychain, a password manager) rather than kept on one device. */
  backedUp: boolean;
}

export const PASSKEY_NAME_MAX = 60;

/** A passkey's name as kept: one line (controls and line breaks become spaces, runs of space one), trimmed. */
export function passkeyName(typed: string): string {
  return typed
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function listPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db<PasskeyRow[]>`
    select id, name, created_at, last_used_at, last_used_user_agent, backed_up
      from webauthn_credentials where user_id = ${userId} order by created_at, id`;
}

/** Whether the person has a passkey (the two-factor page offers "Use a passkey instead"). */
export async function hasPasskeys(db: Db, userId: string): Promise<boolean> {
  const [row] = await db`select 1 from webauthn_credentials where user_id = ${userId} limit 1`;
  return Boolean(row);
}

/** The names of the groups that make `userId` sign in with a passkey (everyone included), for the confirm page. */
export async function groupsRequiringPasskeys(db: Db, userId: string): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select g.name from groups g left join group_members gm on gm.group_id = g.id and gm.user_id = ${userId}
     where g.require_passkey and (gm.user_id is not null or g.name = 'everyone')
     order by g.position, g.name`;
  return rows.map((r) => r.name);
}

/** Renames one of the person's own passkeys; false when it isn't theirs (or is gone). */
export async function renamePasskey(db: Db, actor: AuditActor & { userId: string }, id: string, name: string): Promise<boolean> {
  const [row] = await db<{ name: string }[]>`
    update webauthn_credentials set name = ${name} where id = ${id} and user_id = ${actor.userId} returning name`;
  if (row) await recordChange(db, actor, "passkey.renamed", { type: "user", id: actor.userId }, { passkey: name });
  return Boolean(row);
}

/** Removes one of the person's own passkeys; its name, or null when it isn't theirs (or is gone). */
export async function removePasskey(db: Db, actor: AuditActor & { userId: string }, id: string): Promise<string | null> {
  const [row] = await db<{ name: string }[]>`
    delete from webauthn_credentials where id = ${id} and user_id = ${actor.userId} returning name`;
  if (row) await recordChange(db, actor, "passkey.removed", { type: "user", id: actor.userId }, { passkey: row.name });
  return row?.name ?? null;
}

/** An administrator removes every passkey of a person (a lost device, a departure); how many there were. */
export async function removeAllPasskeys(db: Db, actor: AuditActor, userId: string): Promise<number> {
  const rows = await db`delete from webauthn_credentials where user_id = ${userId} returning id`;
  if (rows.count) await recordChange(db, actor, "passkey.removed-by-admin", { type: "user", id: userId }, { count: rows.count });
  return rows.count;
}
