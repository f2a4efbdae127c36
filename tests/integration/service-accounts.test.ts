import { describe, expect, it } from "vitest";
import { resolveApiKey } from "~/auth/api-key.server";
import { createSession } from "~/auth/session.server";
import { proofHolds } from "~/auth/sign-in-proof.server";
import { createApiKey, revokeApiKey } from "~/models/api-keys.server";
import { listUsers, setUserStatus } from "~/models/manage-users.server";
import {
  createServiceAccount,
  listServiceAccounts,
  moveApiKeys,
  permissionsHeldBy,
  serviceAccountChoices,
} from "~/models/service-accounts.server";
import { createSql, setSqlForTests } from "~/db.server";
import { cliRecreateAdmin, cliResetPassword } from "~/server/cli.server";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Issue #23 part 1 (ADR 040): service accounts hold groups and permissions like a person, never sign in,
// and own API keys that outlive the people who made them.

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const throttle = { accountAttempts: 5, ipAttempts: 1000, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const stamp = () => Math.random().toString(36).slice(2, 8);

async function backupBot(groupIds: string[] = []) {
  const name = `backup-${stamp()}`;
  const id = await createServiceAccount(db.sql(), system, { name, description: "Nightly backups", groupIds });
  return { id, name };
}

const keyFor = (userId: string, permissions: string[], actAsOwner = false) =>
  createApiKey(db.sql(), system, { userId, description: "cron", permissions: permissions as never, actAsOwner, expiresAt: null });

describe("service accounts", () => {
  it("are listed apart from people, and nothing can give them a way to sign in, whatever code path asks", async () => {
    const sql = db.sql();
    const bot = await backupBot();
    expect((await listServiceAccounts(sql)).map((a) => a.name)).toContain(bot.name);
    expect((await serviceAccountChoices(sql)).map((a) => a.id)).toContain(bot.id);
    expect((await listUsers(sql, { q: bot.name })).rows).toEqual([]);

    expect(await sql.begin((tx) => proofHolds(tx, bot.id, undefined))).toBe("a service account never signs in");
    const refusals = [
      sql`insert into sessions (id, secret_hash, user_id, remember, expires_at, max_expires_at)
          values (${stamp()}, ${new Uint8Array(32)}, ${bot.id}, false, now() + interval '1 day', now() + interval '1 day')`,
      sql`insert into pending_sign_ins (id, secret_hash, user_id, remember, expires_at) values (${stamp()}, ${new Uint8Array(32)}, ${bot.id}, false, now())`,
      sql`insert into password_resets (token_hash, user_id, expires_at) values (${new Uint8Array(32).fill(3)}, ${bot.id}, now() + interval '1 hour')`,
      sql`insert into webauthn_credentials (id, user_id, public_key, device_type, name) values (${stamp()}, ${bot.id}, ${new Uint8Array(8)}, 'singleDevice', 'k')`,
      sql`insert into user_totp (user_id, secret_encrypted) values (${bot.id}, ${new Uint8Array(8)})`,
      sql`update users set password_hash = 'x' where id = ${bot.id}`,
      sql`update users set email = 'bot@example.test' where id = ${bot.id}`,
      sql`update users set kind = 'person' where id = ${bot.id}`,
    ];
    for (const attempt of refusals) await expect(attempt).rejects.toMatchObject({ code: "23514" });
    // Nor does a person ever become one.
    const person = await makeUser(sql);
    await expect(sql`update users set kind = 'service' where id = ${person.id}`).rejects.toMatchObject({ code: "23514" });
    const { session } = await createSession(sql, person.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const [device] = await sql`
      insert into device_sign_ins (id, secret_hash, code_hash, expires_at)
      values (${stamp()}, ${new Uint8Array(32)}, ${new Uint8Array(32).fill(9)}, now() + interval '5 minutes') returning id`;
    await expect(
      sql`update device_sign_ins set approved_by = ${bot.id}, approver_session_id = ${session.id}, approved_at = now() where id = ${device.id}`,
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("own keys that act with their own permissions, held back by no group's sign-in requirement", async () => {
    const sql = db.sql();
    const [group] =
      await sql`insert into groups (name, require_2fa, require_passkey) values (${`ops-${stamp()}`}, true, true) returning id`;
    await sql`insert into group_permissions (group_id, permission) values (${group.id}, 'board-view-all')`;
    const bot = await backupBot([group.id]);
    expect([...(await permissionsHeldBy(sql, bot.id))]).toContain("board-view-all");
    const { token } = await keyFor(bot.id, ["board-view-all", "admin"]);
    const resolved = await resolveApiKey(sql, token, client, throttle);
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    expect(resolved.actor.user.username).toBe(bot.name);
    expect(resolved.actor.permissions.has("board-view-all")).toBe(true);
    // A key's own permissions ∩ its owner's: the bot holds no admin.
    expect(resolved.actor.permissions.has("admin")).toBe(false);
    expect(resolved.actor.mustSetUpTwoFactor).toBe(false);
    expect(resolved.actor.passkeyStep).toBeNull();
  });

  it("take a leaving person's working keys, which then outlive the person; revoked keys stay with them, and each move is audited", async () => {
    const sql = db.sql();
    const bot = await backupBot();
    await sql`insert into user_permissions (user_id, permission) values (${bot.id}, 'board-create')`;
    const alice = await makeUser(sql, { permissions: ["board-create", "integration-create"] });
    const working = await keyFor(alice.id, ["board-create", "integration-create"]);
    const revoked = await keyFor(alice.id, ["board-create"]);
    await revokeApiKey(sql, system, revoked.id, alice.id);

    expect(await moveApiKeys(sql, system, alice.id, alice.id, [working.id])).toBeNull(); // a person isn't a service account
    const inactive = await backupBot();
    await setUserStatus(sql, system, inactive.id, "inactive");
    expect(await moveApiKeys(sql, system, alice.id, inactive.id, [working.id])).toBeNull();

    // Only the keys the administrator saw: one made since stays with Alice (attack39).
    const madeSince = await keyFor(alice.id, ["board-create"]);
    expect(await moveApiKeys(sql, system, alice.id, bot.id, [working.id, revoked.id])).toEqual({ moved: 1, to: bot.name });
    expect((await sql`select user_id from api_keys where id = ${madeSince.id}`)[0].userId).toBe(alice.id);
    const owners = await sql`select id, user_id from api_keys where id in (${working.id}, ${revoked.id})`;
    expect(Object.fromEntries(owners.map((k) => [k.id, k.userId]))).toEqual({ [working.id]: bot.id, [revoked.id]: alice.id });
    const [audit] = await sql`select details from audit_log where action = 'api-key.moved' and target_id = ${working.id}`;
    expect(audit.details).toMatchObject({ from: alice.id, to: bot.id, toName: bot.name });

    await setUserStatus(sql, system, alice.id, "inactive");
    const resolved = await resolveApiKey(sql, working.token, client, throttle);
    expect(resolved.ok && resolved.actor.user.id).toBe(bot.id);
    // Now with the bot's permissions: integration-create was Alice's, not the bot's.
    expect(resolved.ok && [...resolved.actor.permissions].sort()).toEqual(["board-create"]);
  });

  it("are refused by the command line's password and administrator recovery, which are for people", async () => {
    const bot = await backupBot();
    for (const command of [cliResetPassword, cliRecreateAdmin]) {
      // The CLI closes the pool it used: give it its own.
      setSqlForTests(createSql(db.url()));
      await expect(command(bot.name)).rejects.toThrow(`"${bot.name}" is a service account: it never signs in`);
      setSqlForTests(db.sql());
    }
    const [row] =
      await db.sql()`select password_hash, (select count(*)::int from group_members where user_id = ${bot.id}) as groups from users where id = ${bot.id}`;
    expect(row).toEqual({ passwordHash: null, groups: 1 });
  });
});
