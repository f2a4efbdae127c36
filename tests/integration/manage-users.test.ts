import { describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { LastAdminError } from "~/models/admins.server";
import { changeOwnPassword } from "~/models/account.server";
import {
  createManagedUser,
  deleteUser,
  listUsers,
  setUserGroups,
  setUserPermissions,
  setUserStatus,
  USERS_PAGE_SIZE,
  UsernameTakenError,
} from "~/models/manage-users.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const system = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };

async function makeAdminsGroup() {
  const sql = db.sql();
  const [g] = await sql`insert into groups (name) values ('admins') on conflict do nothing returning id`;
  const id = g?.id ?? (await sql`select id from groups where name = 'admins'`)[0].id;
  await sql`insert into group_permissions (group_id, permission) values (${id}, 'admin') on conflict do nothing`;
  return id as string;
}

async function permissionsOf(userId: string) {
  const { token } = await createSession(db.sql(), userId, { remember: false }, policy);
  return [...(await validateSessionToken(db.sql(), token, policy))!.permissions].sort();
}

describe("managing users", () => {
  it("creates a user in the chosen groups and refuses a username taken in another case", async () => {
    const sql = db.sql();
    const [g] = await sql`insert into groups (name) values ('family') returning id`;
    const id = await createManagedUser(sql, system, { username: "Grace", passwordHash: "x", groupIds: [g.id] });
    const groups = await sql`select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${id} order by 1`;
    expect(groups.map((r) => r.name)).toEqual(["everyone", "family"]);
    await expect(createManagedUser(sql, system, { username: "GRACE", passwordHash: "x", groupIds: [] })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    const [audit] = await sql`select actor_type, details from audit_log where action = 'user.created' and target_id = ${id}`;
    expect(audit.actorType).toBe("system");
    expect(audit.details.username).toBe("Grace");
  });

  it("applies permission changes on the very next request", async () => {
    const user = await makeUser(db.sql());
    const { token } = await createSession(db.sql(), user.id, { remember: false }, policy);
    expect([...(await validateSessionToken(db.sql(), token, policy))!.permissions]).toEqual([]);
    await setUserPermissions(db.sql(), system, user.id, ["board-modify-all"]);
    expect([...(await validateSessionToken(db.sql(), token, policy))!.permissions].sort()).toEqual(["board-modify-all", "board-view-all"]);
  });

  it("combines direct, group and implied permissions", async () => {
    const sql = db.sql();
    const [g] = await sql`insert into groups (name) values ('media-team') returning id`;
    await sql`insert into group_permissions (group_id, permission) values (${g.id}, 'integration-full-all')`;
    const user = await makeUser(sql, { groups: ["media-team"], permissions: ["board-create"] });
    expect(await permissionsOf(user.id)).toEqual([
      "board-create",
      "integration-create",
      "integration-full-all",
      "integration-interact-all",
      "integration-use-all",
    ]);
  });

  it("ends every session of a user set inactive", async () => {
    const user = await makeUser(db.sql());
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy);
    await setUserStatus(db.sql(), system, user.id, "inactive");
    expect(await validateSessionToken(db.sql(), token, policy)).toBeNull();
    expect(await db.sql()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
  });

  it("changing your own password ends your other sessions, not this one", async () => {
    const user = await makeUser(db.sql());
    const here = await createSession(db.sql(), user.id, { remember: true }, policy);
    const there = await createSession(db.sql(), user.id, { remember: true }, policy);
    await changeOwnPassword(db.sql(), { ...system, userId: user.id }, "new-hash", here.session.id, { endApiKeys: false });
    expect(await validateSessionToken(db.sql(), here.token, policy)).not.toBeNull();
    expect(await validateSessionToken(db.sql(), there.token, policy)).toBeNull();
  });

  it("searches and pages in SQL, treating % and _ literally", async () => {
    const sql = db.sql();
    for (let i = 0; i < USERS_PAGE_SIZE + 5; i++) await sql`insert into users (username) values (${`bulk${String(i).padStart(3, "0")}`})`;
    await sql`insert into users (username, display_name) values ('percent', '100% sure')`;
    const first = await listUsers(sql, { q: "bulk" });
    expect(first.total).toBe(USERS_PAGE_SIZE + 5);
    expect(first.rows).toHaveLength(USERS_PAGE_SIZE);
    const second = await listUsers(sql, { q: "bulk", page: 2 });
    expect(second.rows.map((r) => r.username)).toEqual(["bulk050", "bulk051", "bulk052", "bulk053", "bulk054"]);
    expect((await listUsers(sql, { q: "%" })).rows.map((r) => r.username)).toEqual(["percent"]);
    const underscored = await listUsers(sql, { q: "_" });
    for (const row of underscored.rows) expect(row.username).toContain("_");
    expect(underscored.rows.some((r) => r.username.startsWith("bulk"))).toBe(false);
  });
});

describe("an admin can't lock everyone out", () => {
  it("refuses to deactivate, delete or demote the last active administrator, and changes nothing", async () => {
    const sql = db.sql();
    const adminsGroup = await makeAdminsGroup();
    const admin = await makeUser(sql, { groups: ["admins"] });
    await sql`update users set status = 'inactive' where id <> ${admin.id}`;
    await expect(setUserStatus(sql, system, admin.id, "inactive")).rejects.toBeInstanceOf(LastAdminError);
    await expect(deleteUser(sql, system, admin.id)).rejects.toBeInstanceOf(LastAdminError);
    await expect(setUserGroups(sql, system, admin.id, [])).rejects.toBeInstanceOf(LastAdminError);
    const [after] = await sql`select status from users where id = ${admin.id}`;
    expect(after.status).toBe("active");
    const member = await sql`select 1 from group_members where user_id = ${admin.id} and group_id = ${adminsGroup}`;
    expect(member).toHaveLength(1);
    await sql`update users set status = 'active'`;
  });

  it("lets one of two admins be demoted, but not both at the same moment", async () => {
    const sql = db.sql();
    await sql`update users set status = 'inactive'`;
    const a = await makeUser(sql, { permissions: ["admin"] });
    const b = await makeUser(sql, { permissions: ["admin"] });
    await sql`delete from group_members where group_id = (select id from groups where name = 'admins')`;
    const results = await Promise.allSettled([setUserPermissions(sql, system, a.id, []), setUserPermissions(sql, system, b.id, [])]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed?.reason).toBeInstanceOf(LastAdminError);
    const [{ n }] = await sql`select count(*)::int as n from user_permissions where permission = 'admin'`;
    expect(n).toBe(1);
    await sql`update users set status = 'active'`;
  });
});
