import { hashToken, isToken, randomToken } from "~/auth/tokens.server";
import type { Db, Sql } from "~/db.server";
import { DAY } from "~/utils/time";
import { type AuditActor, recordChange } from "./audit.server";
import { isUniqueViolation, UsernameTakenError } from "./manage-users.server";
import { addToGroups } from "./users.server";

export const DEFAULT_INVITE_LIFETIME_MS = 7 * DAY;

export interface InviteRow {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  createdBy: string | null;
  usedBy: string | null;
  /** Names of the groups the invited person joins (besides everyone). */
  groups: string[];
}

/** A one-time link; whoever accepts it joins `groupIds` (those that still exist; `everyone` always). */
export async function createInvite(
  sql: Sql,
  actor: AuditActor,
  lifetimeMs: number,
  groupIds: readonly string[] = [],
): Promise<{ id: string; token: string }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + lifetimeMs);
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into invites (token_hash, created_by, expires_at) values (${hashToken(token)}, ${actor.userId}, ${expiresAt})
      returning id`;
    const groups = await tx<{ name: string }[]>`
      insert into invite_groups (invite_id, group_id)
      select ${row.id}, id from groups where id = any(${groupIds as string[]}::uuid[]) and name <> 'everyone'
      returning (select name from groups where id = group_id)`;
    await recordChange(
      tx,
      actor,
      "invite.created",
      { type: "invite", id: row.id },
      { expiresAt: expiresAt.toISOString(), groups: groups.map((g) => g.name) },
    );
    return { id: row.id, token };
  });
}

export async function listInvites(db: Db): Promise<InviteRow[]> {
  return db<InviteRow[]>`
    select i.id, i.created_at, i.expires_at, i.used_at,
           c.username as created_by, u.username as used_by,
           array(select g.name from invite_groups ig join groups g on g.id = ig.group_id
                  where ig.invite_id = i.id order by g.name) as groups
      from invites i left join users c on c.id = i.created_by left join users u on u.id = i.used_by
     order by i.created_at desc limit 100`;
}

export async function deleteInvite(sql: Sql, actor: AuditActor, id: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [gone] = await tx`delete from invites where id = ${id} returning id`;
    if (gone) await recordChange(tx, actor, "invite.deleted", { type: "invite", id });
  });
}

export type InviteState = "valid" | "used" | "expired" | "unknown";

/** What a visitor holding `token` may do with it. */
export async function inviteState(db: Db, token: string, now = new Date()): Promise<InviteState> {
  if (!isToken(token)) return "unknown";
  const [row] = await db<{ usedAt: Date | null; expiresAt: Date }[]>`
    select used_at, expires_at from invites where token_hash = ${hashToken(token)}`;
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

export class InviteUnusableError extends Error {
  constructor(readonly state: Exclude<InviteState, "valid">) {
    super(`This invitation is ${state}`);
    this.name = "InviteUnusableError";
  }
}

/**
 * Spends the invite and creates the user in one transaction. The invite row is claimed with a
 * conditional UPDATE, so two people racing with the same link can't both get an account.
 */
export async function acceptInvite(
  sql: Sql,
  token: string,
  input: { username: string; passwordHash: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  if (!isToken(token)) throw new InviteUnusableError("unknown");
  try {
    return await sql.begin(async (tx) => {
      const [invite] = await tx<{ id: string }[]>`
        update invites set used_at = now()
         where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
        returning id`;
      if (!invite) throw new InviteUnusableError((await inviteState(tx, token)) as Exclude<InviteState, "valid">);
      const [user] = await tx<{ id: string }[]>`
        insert into users (username, password_hash) values (${input.username}, ${input.passwordHash}) returning id`;
      await tx`update invites set used_by = ${user.id} where id = ${invite.id}`;
      await addToGroups(tx, user.id, []);
      // The groups the invite names, as they are now (a group deleted since is gone from it).
      await tx`
        insert into group_members (group_id, user_id)
        select group_id, ${user.id} from invite_groups where invite_id = ${invite.id}
        on conflict do nothing`;
      await recordChange(
        tx,
        { userId: user.id, ip: input.ip, userAgent: input.userAgent },
        "invite.accepted",
        {
          type: "invite",
          id: invite.id,
        },
        { username: input.username },
      );
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_username_key_key")) throw new UsernameTakenError();
    throw error;
  }
}
