import { describe, expect, it } from "vitest";
import { boardRows } from "~/models/board-rows.server";
import { createBoard } from "~/models/boards.server";
import { addMember, createGroup } from "~/models/groups.server";
import { integrationRows } from "~/models/integration-rows.server";
import { createIntegration } from "~/models/integrations.server";
import { UnknownUserError } from "~/models/groups.server";
import { SUGGESTIONS, UnknownGroupError, type ResourceRows } from "~/models/resource-rows.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// What an owner who isn't an administrator learns about people and groups on an Access tab: only what
// the resource itself already shows (its rows, its creator, its groups' members, their own groups).
// Boards and integrations share the code; every test runs on both.

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const as = (userId: string) => ({ userId, ip: null, userAgent: null });
const tag = () => Math.random().toString(36).slice(2, 8);

const RESOURCES = [
  {
    what: "board",
    rows: boardRows as ResourceRows<string>,
    lowest: "view",
    table: "board_group_permissions",
    fk: "board_id",
    create: (ownerId: string) => createBoard(db.sql(), as(ownerId), { name: `scope-${tag()}`, title: "Scope", isPublic: false }),
  },
  {
    what: "integration",
    rows: integrationRows as ResourceRows<string>,
    lowest: "use",
    table: "integration_group_permissions",
    fk: "integration_id",
    create: (ownerId: string) =>
      createIntegration(db.sql(), as(ownerId), "http-status", { name: `Scope ${tag()}`, url: "http://127.0.0.1:9/", secrets: {} }),
  },
];

/** An owner (not an admin) in a group of their own with a mate, an admin, a stranger, a group they aren't in. */
async function world() {
  const sql = db.sql();
  const owner = await makeUser(sql);
  const ownGroup = await createGroup(sql, system, { name: `own-${tag()}` });
  await addMember(sql, system, ownGroup, owner.username);
  const mate = await makeUser(sql);
  await addMember(sql, system, ownGroup, mate.username);
  const hiddenGroup = await createGroup(sql, system, { name: `hidden-${tag()}` });
  const adminGroup = await createGroup(sql, system, { name: `bosses-${tag()}` });
  await sql`insert into group_permissions (group_id, permission) values (${adminGroup}, 'admin')`;
  const boss = await makeUser(sql);
  await addMember(sql, system, adminGroup, boss.username);
  const stranger = await makeUser(sql);
  return {
    sql,
    owner,
    ownGroup,
    mate,
    hiddenGroup,
    boss,
    stranger,
    asker: { userId: owner.id, admin: false },
    admin: { userId: boss.id, admin: true },
  };
}

describe("the Access tab of boards and integrations, for an owner who isn't an administrator", () => {
  it("refuses to tell a non-admin owner who is an admin or who exists: Check a user answers only for people the resource shows", async () => {
    for (const r of RESOURCES) {
      const { sql, owner, ownGroup, mate, boss, stranger, asker, admin } = await world();
      const id = await r.create(owner.id);
      // People the resource doesn't show answer exactly like nobody at all: admins included.
      expect(await r.rows.explainAccess(sql, id, stranger.username, asker), r.what).toBeNull();
      expect(await r.rows.explainAccess(sql, id, boss.username, asker), r.what).toBeNull();
      expect(await r.rows.explainAccess(sql, id, `nobody-${tag()}`, asker), r.what).toBeNull();
      // With a row, the answer is what the rows grant: never their global permissions or status.
      await r.rows.grantUser(sql, as(owner.id), id, boss.username, r.lowest, asker);
      const seen = await r.rows.explainAccess(sql, id, boss.username, asker);
      expect(seen, r.what).toMatchObject({ level: r.lowest, active: null, scope: "resource" });
      expect(seen!.reasons.map((x) => x.text)).toEqual([`Has their own "${r.lowest}" row on this ${r.what}`]);
      // Members of a group with a row, the creator and the asker are part of the resource's picture.
      await r.rows.grantGroup(sql, as(owner.id), id, ownGroup, r.lowest, asker);
      expect((await r.rows.explainAccess(sql, id, mate.username, asker))?.reasons.map((x) => x.source)).toEqual(["group"]);
      expect((await r.rows.explainAccess(sql, id, owner.username, asker))?.reasons[0].text).toBe(`Created this ${r.what}`);
      // Administrators see the whole directory, with every reason.
      expect(await r.rows.explainAccess(sql, id, stranger.username, admin)).toMatchObject({ level: null, active: true, scope: "all" });
      expect((await r.rows.explainAccess(sql, id, boss.username, admin))!.reasons.some((x) => x.text.startsWith("Holds "))).toBe(true);
    }
  });

  it("refuses to show a non-admin owner groups they aren't in, or let them grant one by its id", async () => {
    for (const r of RESOURCES) {
      const { sql, owner, ownGroup, hiddenGroup, asker, admin } = await world();
      const id = await r.create(owner.id);
      const picker = (await r.rows.listGrants(sql, id, asker)).otherGroups.map((g) => g.id);
      const [everyone] = await sql`select id from groups where name = 'everyone'`;
      expect(picker, r.what).toEqual(expect.arrayContaining([everyone.id, ownGroup]));
      expect(picker, r.what).toHaveLength(2);
      await expect(r.rows.grantGroup(sql, as(owner.id), id, hiddenGroup, r.lowest, asker)).rejects.toBeInstanceOf(UnknownGroupError);
      expect(await sql`select 1 from ${sql(r.table)} where ${sql(r.fk)} = ${id}`).toHaveLength(0);
      // An administrator sees and grants any group.
      expect((await r.rows.listGrants(sql, id, admin)).otherGroups.map((g) => g.id)).toContain(hiddenGroup);
      await r.rows.grantGroup(sql, as(admin.userId), id, hiddenGroup, r.lowest, admin);
      expect(await sql`select 1 from ${sql(r.table)} where ${sql(r.fk)} = ${id} and group_id = ${hiddenGroup}`).toHaveLength(1);
    }
  });

  it("refuses to hand a row's display name to the page: people are named by username only", async () => {
    for (const r of RESOURCES) {
      const { sql, owner, stranger, asker } = await world();
      await sql`update users set display_name = 'Friend Realname' where id = ${stranger.id}`;
      const id = await r.create(owner.id);
      await r.rows.grantUser(sql, as(owner.id), id, stranger.username, r.lowest, asker);
      const grants = await r.rows.listGrants(sql, id, asker);
      expect(
        grants.users.map((u) => u.username),
        r.what,
      ).toEqual([stranger.username]);
      expect(JSON.stringify(grants), r.what).not.toContain("Friend Realname");
    }
  });

  it("refuses to suggest usernames the tab doesn't already show: a non-admin owner's suggestions are the resource's own people", async () => {
    for (const r of RESOURCES) {
      const { sql, owner, ownGroup, mate, boss, stranger, asker, admin } = await world();
      const id = await r.create(owner.id);
      // Alone on it: themselves only (the creator); not the admin, the stranger, nor their own group's mate.
      expect((await r.rows.listGrants(sql, id, asker)).suggestions, r.what).toEqual([owner.username]);
      // A group row brings its members into the picture; a person with a row is no longer suggested.
      await r.rows.grantGroup(sql, as(owner.id), id, ownGroup, r.lowest, asker);
      await r.rows.grantUser(sql, as(owner.id), id, owner.username, r.lowest, asker);
      const after = (await r.rows.listGrants(sql, id, asker)).suggestions;
      expect(after, r.what).toEqual([mate.username]);
      expect(after).not.toContain(boss.username);
      expect(after).not.toContain(stranger.username);
      // An administrator is offered the directory's active people, and never a deactivated one.
      await sql`update users set status = 'inactive' where id = ${stranger.id}`;
      // Other tests' people share this database: a name sorting first is offered whatever the cap cuts.
      const early = await makeUser(sql, { username: `0early-${tag()}` });
      const offered = (await r.rows.listGrants(sql, id, admin)).suggestions;
      expect(offered, r.what).toContain(early.username);
      expect(offered.length).toBeLessThanOrEqual(SUGGESTIONS);
      expect(offered).not.toContain(stranger.username);
      expect(offered).not.toContain(owner.username); // has a row now
    }
  });

  it("refuses to let a non-admin owner find deactivated accounts by granting them: answered as a name nobody has (attack11, attack12)", async () => {
    for (const r of RESOURCES) {
      const { sql, owner, stranger, asker, admin } = await world();
      const id = await r.create(owner.id);
      await sql`update users set status = 'inactive' where id = ${stranger.id}`;
      await expect(r.rows.grantUser(sql, as(owner.id), id, stranger.username, r.lowest, asker), r.what).rejects.toBeInstanceOf(
        UnknownUserError,
      );
      await expect(r.rows.grantUser(sql, as(owner.id), id, `nobody-${tag()}`, r.lowest, asker)).rejects.toBeInstanceOf(UnknownUserError);
      expect(
        (await r.rows.listGrants(sql, id, asker)).users.map((u) => u.username),
        r.what,
      ).toEqual([]);
      // Nor through Check a user, once `everyone` has a row (attack13): the same answer as for nobody.
      const [everyone] = await sql`select id from groups where name = 'everyone'`;
      await r.rows.grantGroup(sql, as(owner.id), id, everyone.id, r.lowest, asker);
      expect(await r.rows.explainAccess(sql, id, stranger.username, asker), r.what).toBeNull();
      expect(await r.rows.explainAccess(sql, id, stranger.username, admin), r.what).not.toBeNull();
      // An administrator may still give a deactivated account a row (it works once they are back).
      await r.rows.grantUser(sql, system, id, stranger.username, r.lowest, admin);
      expect(
        (await r.rows.listGrants(sql, id, admin)).users.map((u) => u.username),
        r.what,
      ).toEqual([stranger.username]);
    }
  });
});
