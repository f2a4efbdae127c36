import * as v from "valibot";
import { usernameField } from "~/auth/forms";
import { hashPassword } from "~/auth/password.server";
import { unlockAccount } from "~/auth/throttle.server";
import { randomToken } from "~/auth/tokens.server";
import { getConfig } from "~/config.server";
import { closeSql, getSql } from "~/db.server";
import { rotateEncryptionKey } from "~/models/key-rotation.server";
import { addToGroups, usernameMatches } from "~/models/users.server";
import { recordChange } from "~/models/audit.server";
import { resetCredentials } from "~/models/credentials-reset.server";
import { countOf } from "~/utils/count";
import { ProvisionFileError, provisionFromFile } from "~/provision/run.server";

// For when nobody can sign in: run on the server (`npm run cli -- …`), so having a shell there is the proof.

const CLI_ACTOR = { userId: null, ip: null, userAgent: "porch-cli" };

/** 100 bits, in groups a person can type: "k3vq7-m2xab-…". */
function randomPassword(): string {
  return randomToken(13).slice(0, 20).match(/.{5}/g)!.join("-");
}

export async function cliResetPassword(username: string): Promise<string> {
  const sql = getSql();
  try {
    const [user] = await sql<{ id: string; username: string; provider: string; kind: string }[]>`
      select id, username, provider, kind from users where ${usernameMatches(sql, username)}`;
    if (!user) throw new Error(`No user is called "${username}".`);
    if (user.kind === "service") throw new Error(SERVICE_ACCOUNT(user.username));
    if (user.provider !== "credentials") {
      throw new Error(`"${user.username}" signs in through ${user.provider.toUpperCase()}: change the password there.`);
    }
    const password = randomPassword();
    const hash = await hashPassword(password);
    const ended = await sql.begin(async (tx) => {
      await tx`update users set password_hash = ${hash}, status = 'active', updated_at = now() where id = ${user.id}`;
      return resetCredentials(tx, CLI_ACTOR, user.id, { action: "user.password-reset-by-cli", endApiKeys: true });
    });
    await unlockAccount(sql, user.username);
    return `New password for ${user.username}: ${password}\nTheir sessions and ${countOf(ended.apiKeysRevoked, "API key")} have ended; they can change the password under My account.`;
  } finally {
    await closeSql();
  }
}

/** A service account never signs in (ADR 040): the recovery commands are for people. */
const SERVICE_ACCOUNT = (name: string) => `"${name}" is a service account: it never signs in, so it has no password. Name a person.`;

/** Makes `username` an active administrator again, creating the account (and `admins`) when missing. */
export async function cliRecreateAdmin(username: string): Promise<string> {
  // The same rules as every other place that names an account (ADR 014).
  const named = v.safeParse(usernameField, username);
  if (!named.success) throw new Error(`That username can't be used: ${named.issues[0].message}.`);
  username = named.output;
  const sql = getSql();
  try {
    const password = randomPassword();
    const hash = await hashPassword(password);
    const created = await sql.begin(async (tx) => {
      await tx`insert into groups (name, description, position) values ('admins', 'Administrators of this Porch', 1) on conflict do nothing`;
      await tx`insert into group_permissions (group_id, permission) select id, 'admin' from groups where name_key = porch_name_key('admins') on conflict do nothing`;
      const [existing] = await tx<{ id: string; kind: string }[]>`select id, kind from users where ${usernameMatches(tx, username)}`;
      if (existing?.kind === "service") throw new Error(SERVICE_ACCOUNT(username));
      let id = existing?.id;
      if (!id) {
        [{ id }] = await tx<{ id: string }[]>`insert into users (username, password_hash) values (${username}, ${hash}) returning id`;
      }
      await tx`update users set status = 'active', updated_at = now() where id = ${id}`;
      await addToGroups(tx, id, ["admins"]);
      await tx`insert into server_settings (key, value) values ('onboarded_at', ${tx.json(new Date().toISOString())}) on conflict do nothing`;
      await recordChange(tx, CLI_ACTOR, "user.admin-recreated-by-cli", { type: "user", id }, { created: !existing });
      return !existing;
    });
    await unlockAccount(sql, username);
    return created
      ? `Created administrator ${username} with password: ${password}`
      : `${username} is an active administrator again (in the group admins). Use reset-password if they also lost their password.`;
  } finally {
    await closeSql();
  }
}

/** `npm run cli -- rotate-encryption-key`: old key from SECRET_ENCRYPTION_KEY, new from NEW_SECRET_ENCRYPTION_KEY. */
export async function cliRotateEncryptionKey(newHex: string | undefined): Promise<string> {
  const oldHex = getConfig().secretEncryptionKey;
  if (!oldHex) throw new Error("SECRET_ENCRYPTION_KEY (the current key) is not set");
  if (!newHex) throw new Error("Set NEW_SECRET_ENCRYPTION_KEY to the new key (openssl rand -hex 32)");
  const counts = await rotateEncryptionKey(getSql(), oldHex, newHex);
  return `Re-encrypted ${Object.entries(counts)
    .map(([t, n]) => `${n} in ${t}`)
    .join(
      ", ",
    )}. Now set SECRET_ENCRYPTION_KEY to the new key (for npm start: the file data/secret-encryption-key) and restart every instance.`;
}

/** `npm run cli -- provision [--dry-run] [file]`: the changes, one per line, or every problem (thrown). */
export async function cliProvision(dryRun: boolean, file?: string): Promise<string> {
  const path = file ?? getConfig().provisionFile;
  if (!path) throw new Error("Name the file: npm run cli -- provision porch.yaml (or set PORCH_PROVISION_FILE)");
  try {
    const changes = await provisionFromFile(getSql(), path, dryRun);
    const notes = changes.filter((c) => c.startsWith("note: ")).map((c) => `  - ${c}`);
    if (notes.length === changes.length) return [`${path}: nothing to change.`, ...notes].join("\n");
    // Names come from the file and the database: no terminal escape in them reaches the screen.
    const shown = (line: string) => line.replace(/[\p{Cc}\p{Cf}]/gu, "?");
    return [`${path}: ${dryRun ? "would change (dry run, nothing written)" : "changed"}:`, ...changes.map((c) => `  - ${shown(c)}`)].join(
      "\n",
    );
  } catch (error) {
    if (error instanceof ProvisionFileError) throw new Error(error.lines.join("\n"));
    throw error;
  } finally {
    await closeSql();
  }
}
