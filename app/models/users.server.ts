import type { Db } from "~/db.server";

export interface LoginCandidate {
  id: string;
  username: string;
  passwordHash: string | null;
  provider: string;
  status: string;
}

/** The user a credentials sign-in names, matched case-insensitively. */
export async function findUserForLogin(db: Db, username: string): Promise<LoginCandidate | null> {
  const [row] = await db<LoginCandidate[]>`
    select id, username, password_hash as "passwordHash", provider, status
      from users where lower(username) = lower(${username})`;
  return row ?? null;
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`;
}

export async function recordSignIn(db: Db, userId: string): Promise<void> {
  await db`update users set last_sign_in_at = now() where id = ${userId}`;
}

export async function createUser(
  db: Db,
  input: { username: string; passwordHash: string | null; provider?: string; displayName?: string | null; email?: string | null },
): Promise<{ id: string }> {
  const [row] = await db<{ id: string }[]>`
    insert into users (username, password_hash, provider, display_name, email)
    values (${input.username}, ${input.passwordHash}, ${input.provider ?? "credentials"},
            ${input.displayName ?? null}, ${input.email ?? null})
    returning id`;
  return row;
}

/** Adds the user to the reserved `everyone` group, and to any named groups. */
export async function addToGroups(db: Db, userId: string, groupNames: string[]): Promise<void> {
  const names = ["everyone", ...groupNames];
  await db`
    insert into group_members (group_id, user_id)
    select id, ${userId} from groups where lower(name) in ${db(names.map((n) => n.toLowerCase()))}
    on conflict do nothing`;
}
