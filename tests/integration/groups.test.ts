import { describe, expect, it } from "vitest";
import { LastAdminError } from "~/models/admins.server";
import {
  addMember,
  createGroup,
  deleteGroup,
  GroupNameTakenError,
  listGroups,
  removeMember,
  ReservedGroupError,
  setGroupPermissions,
  UnknownUserError,
  updateGroup,
} from "~/models/groups.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const everyoneId = async () => (await db.sql()`select id from groups where name = 'everyone'`)[0].id as string;

describe("groups", () => {
  it("have unique names whatever the case", async () => {
    await createGroup(db.sql(), system, { name: "Family" });
    await expect(createGroup(db.sql(), system, { name: "family" })).rejects.toBeInstanceOf(GroupNameTakenError);
    await expect(createGroup(db.sql(), system, { name: "EVERYONE" })).rejects.toBeInstanceOf(GroupNameTakenError);
  });

  it("refuses a group whose name reads as an existing one (ＥＶＥＲＹＯＮＥ, ｇardeners), down to the database", async () => {
    const sql = db.sql();
    await createGroup(sql, system, { name: "Gardeners" });
    const [{ n: before }] = await sql`select count(*)::int as n from groups`;
    for (const name of ["ＥＶＥＲＹＯＮＥ", "ｅveryone", "ｇardeners", "ＧＡＲＤＥＮＥＲＳ"]) {
      await expect(createGroup(sql, system, { name }), name).rejects.toBeInstanceOf(GroupNameTakenError);
    }
    const cooks = await createGroup(sql, system, { name: "Cooks" });
    await expect(updateGroup(sql, system, cooks, { name: "ｅveryone", description: null })).rejects.toBeInstanceOf(GroupNameTakenError);
    await expect(sql`insert into groups (name) values ('Ｅveryone')`).rejects.toMatchObject({ code: "23505" });
    const [{ n: after }] = await sql`select count(*)::int as n from groups`;
    expect(after).toBe(before + 1);
  });

  it("add members by username, remove them, and count them", async () => {
    const id = await createGroup(db.sql(), system, { name: "media" });
    const user = await makeUser(db.sql(), { username: "Zoe" });
    await addMember(db.sql(), system, id, "zoe");
    expect((await listGroups(db.sql())).find((g) => g.id === id)?.memberCount).toBe(1);
    await expect(addMember(db.sql(), system, id, "nobody")).rejects.toBeInstanceOf(UnknownUserError);
    await removeMember(db.sql(), system, id, user.id);
    expect((await listGroups(db.sql())).find((g) => g.id === id)?.memberCount).toBe(0);
    const actions = await db.sql()`select action from audit_log where target_id = ${id} order by id`;
    expect(actions.map((a) => a.action)).toEqual(["group.created", "group.member-added", "group.member-removed"]);
  });

  it("refuses renaming, deleting or editing members of everyone, and changes nothing", async () => {
    const id = await everyoneId();
    const user = await makeUser(db.sql());
    await expect(updateGroup(db.sql(), system, id, { name: "all", description: null })).rejects.toBeInstanceOf(ReservedGroupError);
    await expect(deleteGroup(db.sql(), system, id)).rejects.toBeInstanceOf(ReservedGroupError);
    await expect(addMember(db.sql(), system, id, user.username)).rejects.toBeInstanceOf(ReservedGroupError);
    await expect(removeMember(db.sql(), system, id, user.id)).rejects.toBeInstanceOf(ReservedGroupError);
    const [g] = await db.sql()`select name from groups where id = ${id}`;
    expect(g.name).toBe("everyone");
    expect(await db.sql()`select 1 from group_members where group_id = ${id} and user_id = ${user.id}`).toHaveLength(1);
  });

  it("lets everyone's permissions be set", async () => {
    const id = await everyoneId();
    await setGroupPermissions(db.sql(), system, id, ["board-view-all"]);
    const rows = await db.sql()`select permission from group_permissions where group_id = ${id}`;
    expect(rows.map((r) => r.permission)).toEqual(["board-view-all"]);
    await setGroupPermissions(db.sql(), system, id, []);
  });

  it("refuses to delete the group or drop the permission that makes the last admin", async () => {
    const sql = db.sql();
    await sql`update users set status = 'inactive'`;
    const id = await createGroup(sql, system, { name: "admins" });
    await setGroupPermissions(sql, system, id, ["admin"]);
    const admin = await makeUser(sql, { groups: ["admins"] });
    await expect(setGroupPermissions(sql, system, id, ["board-full-all"])).rejects.toBeInstanceOf(LastAdminError);
    await expect(deleteGroup(sql, system, id)).rejects.toBeInstanceOf(LastAdminError);
    await expect(removeMember(sql, system, id, admin.id)).rejects.toBeInstanceOf(LastAdminError);
    const rows = await sql`select permission from group_permissions where group_id = ${id}`;
    expect(rows.map((r) => r.permission)).toEqual(["admin"]);
  });
});
