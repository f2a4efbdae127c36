import type { Db } from "~/db.server";

export interface LoginCandidate {
  id: string;
  username: string;
  passwordHash: string | null;
  provider: string;
  status: string;
}

/**
 * The user a name means, in any of its forms (case, NFKC): `porch_name_key()` in PostgreSQL is the
 * one place a username's canonical form is computed (ADR 014). Every lookup by name goes through here.
 */
export const usernameMatches = (db: Db, name: string, column = db`username_key`) => db`${column} = porch_name_key(${name})`;

/**
 * The user a credentials sign-in names, and the bcrypt cost of hashes still imported from Homarr
 * (null when none remain), in one round trip: every check then does the same hashing (password.server).
 */
export async function findUserForLogin(db: Db, username: string): Promise<{ user: LoginCandidate | null; legacyCost: number | null }> {
  const [row] = await db<(Partial<LoginCandidate> & { legacyCost: number | null })[]>`
    select u.id, u.username, u.password_hash, u.provider, u.status,
           (select max(substring(password_hash from 5 for 2))::int from users where password_hash like '$2%') as legacy_cost
      from (select 1) one left join users u on ${usernameMatches(db, username, db`u.username_key`)}`;
  return { user: row.id ? (row as LoginCandidate) : null, legacyCost: row.legacyCost };
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
    select id, ${userId} from groups where name_key = any(array(select porch_name_key(unnest(${names}::text[]))))
    on conflict do nothing`;
}
