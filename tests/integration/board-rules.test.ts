import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addItem, createBoard, setItemAudience } from "~/models/boards.server";
import { itemsShownTo } from "~/models/board-items.server";
import { itemsSeenAt } from "~/permissions/board-items";
import { explainAccess, grantGroup, grantUser } from "~/models/board-rows.server";
import { createGroup, addMember } from "~/models/groups.server";
import { boardLevelOf, BOARD_LEVELS, type BoardLevel, type BoardSubject } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/board-list.server";
import { loadBoardFacts } from "~/permissions/boards.server";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
/** An administrator's view of the Access tab: these tests are about the rules, not the asker's scope. */
const everything = { userId: null, admin: true };
const as = (userId: string) => ({ userId, ip: null, userAgent: null });
const subjectOf = (userId: string | null, keys: PermissionKey[] = [], guestsAllowed = true, signedIn = userId !== null): BoardSubject => ({
  signedIn,
  userId,
  permissions: closePermissions(keys),
  guestsAllowed,
});

async function levelOn(subject: BoardSubject, boardId: string) {
  const { boards } = await loadBoardFacts(db.sql(), { ids: [boardId] }, subject.userId);
  return boardLevelOf(subject, boards[0]).level;
}
async function listedLevel(subject: BoardSubject, name: string) {
  const { boards } = await listVisibleBoards(db.sql(), subject, { limit: 1000 });
  const rank = boards.find((b) => b.name === name)?.rank ?? 0;
  return rank ? BOARD_LEVELS[rank - 1] : null;
}

describe("board access rules: every path to every level", () => {
  it("grants each level by each path, and nothing without one", async () => {
    const sql = db.sql();
    const creator = await makeUser(sql);
    const other = await makeUser(sql);
    const member = await makeUser(sql);
    const group = await createGroup(sql, system, { name: "rules-family" });
    await addMember(sql, system, group, member.username);
    const id = await createBoard(sql, as(creator.id), { name: "rules-private", title: "Private", isPublic: false });

    const cases: Array<[string, BoardSubject, BoardLevel | null]> = [
      ["creator", subjectOf(creator.id), "full"],
      ["unrelated user", subjectOf(other.id), null],
      ["guest", subjectOf(null), null],
      ["board-view-all", subjectOf(other.id, ["board-view-all"]), "view"],
      ["board-modify-all", subjectOf(other.id, ["board-modify-all"]), "modify"],
      ["board-full-all", subjectOf(other.id, ["board-full-all"]), "full"],
      ["admin", subjectOf(other.id, ["admin"]), "full"],
      ["board-create alone", subjectOf(other.id, ["board-create"]), null],
    ];
    for (const [what, subject, expected] of cases) {
      expect(await levelOn(subject, id), what).toBe(expected);
      expect(await listedLevel(subject, "rules-private"), `${what} (list)`).toBe(expected);
    }
    for (const level of BOARD_LEVELS) {
      await grantUser(sql, system, id, other.username, level, everything);
      expect(await levelOn(subjectOf(other.id), id), `user row ${level}`).toBe(level);
      await grantGroup(sql, system, id, group, level, everything);
      expect(await levelOn(subjectOf(member.id), id), `group row ${level}`).toBe(level);
      expect(await listedLevel(subjectOf(member.id), "rules-private")).toBe(level);
    }
  });

  it("public boards: view for every signed-in user, and for guests only while guest access is on", async () => {
    const sql = db.sql();
    const creator = await makeUser(sql);
    const someone = await makeUser(sql);
    const id = await createBoard(sql, as(creator.id), { name: "rules-public", title: "Public", isPublic: true });
    expect(await levelOn(subjectOf(someone.id), id)).toBe("view");
    expect(await levelOn(subjectOf(null, [], true), id)).toBe("view");
    expect(await levelOn(subjectOf(null, [], false), id)).toBe(null);
    expect(await listedLevel(subjectOf(null, [], false), "rules-public")).toBe(null);
    expect(await listedLevel(subjectOf(null, [], true), "rules-public")).toBe("view");
    // A guest never gets more than view, whatever rows exist.
    expect(await listedLevel(subjectOf(null, ["admin"], true), "rules-public")).toBe("view");
  });

  it("a row for `everyone` reaches every signed-in user but not guests", async () => {
    const sql = db.sql();
    const [everyone] = await sql`select id from groups where name = 'everyone'`;
    const creator = await makeUser(sql);
    const loner = await makeUser(sql);
    await sql`delete from group_members where user_id = ${loner.id}`; // implicit membership still counts
    const id = await createBoard(sql, as(creator.id), { name: "rules-everyone", title: "E", isPublic: false });
    await grantGroup(sql, system, id, everyone.id, "modify", everything);
    expect(await levelOn(subjectOf(loner.id), id)).toBe("modify");
    expect(await levelOn(subjectOf(null), id)).toBe(null);
  });

  it("explains a user's access with every reason", async () => {
    const sql = db.sql();
    const creator = await makeUser(sql);
    const group = await createGroup(sql, system, { name: "rules-explain" });
    const user = await makeUser(sql, { groups: ["rules-explain"] });
    await sql`insert into group_permissions (group_id, permission) values (${group}, 'admin')`;
    const id = await createBoard(sql, as(creator.id), { name: "rules-explain", title: "X", isPublic: true });
    await grantUser(sql, system, id, user.username, "view", everything);
    await grantGroup(sql, system, id, group, "modify", everything);
    const e = await explainAccess(sql, id, user.username.toUpperCase(), everything);
    expect(e?.level).toBe("full");
    const texts = e!.reasons.map((r) => r.text);
    expect(texts).toContain('Holds board-full-all: from group "rules-explain" (through admin)');
    expect(texts).toContain('Is in group "rules-explain", which has "modify" on this board');
    expect(texts).toContain('Has their own "view" row on this board');
    expect(texts).toContain("The board is public");
    expect((await explainAccess(sql, id, creator.username, everything))?.reasons[0].text).toBe("Created this board");
    expect(await explainAccess(sql, id, "nobody-at-all", everything)).toBeNull();
  });

  it("the list query and the single-board check agree on random data", async () => {
    const sql = db.sql();
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(sql)));
    const groups = await Promise.all(Array.from({ length: 4 }, (_, i) => createGroup(sql, system, { name: `eq-${i}-${Date.now()}` })));
    const level = fc.constantFrom(...BOARD_LEVELS);
    const world = fc.record({
      boards: fc.array(fc.record({ creator: fc.nat(users.length), isPublic: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      members: fc.uniqueArray(fc.tuple(fc.nat(users.length - 1), fc.nat(groups.length - 1)), {
        selector: ([u, g]) => `${u}:${g}`,
        maxLength: 10,
      }),
      userRows: fc.uniqueArray(fc.tuple(fc.nat(5), fc.nat(users.length - 1), level), { selector: ([b, u]) => `${b}:${u}`, maxLength: 10 }),
      groupRows: fc.uniqueArray(fc.tuple(fc.nat(5), fc.nat(groups.length - 1), level), { selector: ([b, g]) => `${b}:${g}`, maxLength: 8 }),
      keys: fc.array(fc.subarray<PermissionKey>(["board-view-all", "board-modify-all", "board-full-all", "board-create", "admin"]), {
        minLength: users.length,
        maxLength: users.length,
      }),
      guestsAllowed: fc.boolean(),
      // Items and who sees them (issue #22): group index groups.length is `everyone`.
      items: fc.array(
        fc.record({
          board: fc.nat(5),
          limited: fc.boolean(),
          users: fc.uniqueArray(fc.nat(users.length - 1), { maxLength: 3 }),
          groups: fc.uniqueArray(fc.nat(groups.length), { maxLength: 2 }),
        }),
        { maxLength: 10 },
      ),
    });
    const [{ id: everyone }] = await sql`select id from groups where name = 'everyone'`;
    const groupIdOf = (g: number) => (g === groups.length ? (everyone as string) : groups[g]);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        run++;
        await sql`delete from boards where name like 'eq-%'`;
        await sql`delete from group_members where group_id = any(${groups}::uuid[])`;
        const ids: string[] = [];
        for (const [i, b] of w.boards.entries()) {
          const creator = b.creator < users.length ? users[b.creator].id : null; // sometimes a deleted creator
          ids.push(await createBoard(sql, { ...system, userId: creator }, { name: `eq-${run}-${i}`, title: "t", isPublic: b.isPublic }));
        }
        for (const [u, g] of w.members) await sql`insert into group_members (group_id, user_id) values (${groups[g]}, ${users[u].id})`;
        for (const [b, u, l] of w.userRows) if (ids[b]) await grantUser(sql, system, ids[b], users[u].username, l, everything);
        for (const [b, g, l] of w.groupRows) if (ids[b]) await grantGroup(sql, system, ids[b], groups[g], l, everything);
        const items = new Map<string, (typeof w.items)[number]>();
        for (const item of w.items) {
          if (!ids[item.board]) continue;
          const id = await addItem(sql, system, ids[item.board], { kind: "note", body: "n" });
          const audience = item.limited ? { userIds: item.users.map((u) => users[u].id), groupIds: item.groups.map(groupIdOf) } : null;
          await setItemAudience(sql, system, ids[item.board], id, audience);
          items.set(id, item);
        }
        // The rule written out plainly: board editors see every item; others those for everyone, for
        // them by name, or for a group they are in (`everyone`: every signed-in person with rows).
        const modelSees = (subject: BoardSubject, level: BoardLevel | null, item: (typeof w.items)[number]) => {
          if (!level) return false;
          if (level !== "view" || !item.limited) return true;
          const u = users.findIndex((x) => x.id === subject.userId);
          if (u < 0) return false;
          return (
            item.users.includes(u) || item.groups.some((g) => g === groups.length || w.members.some(([mu, mg]) => mu === u && mg === g))
          );
        };
        // Users, guests, and API keys that carry only global permissions (signed in, no rows of their own).
        const subjects = [
          ...users.map((u, i) => subjectOf(u.id, w.keys[i])),
          subjectOf(null, [], w.guestsAllowed),
          ...w.keys.slice(0, 2).map((k) => subjectOf(null, k, w.guestsAllowed, true)),
        ];
        for (const subject of subjects) {
          const { boards: listed } = await listVisibleBoards(sql, subject, { limit: 1000, search: `eq-${run}-` });
          const { boards: facts } = await loadBoardFacts(sql, { ids }, subject.userId, { items: true });
          for (const board of facts) {
            const single = boardLevelOf(subject, board).level;
            const rank = listed.find((l) => l.id === board.id)?.rank ?? 0;
            expect(rank ? BOARD_LEVELS[rank - 1] : null, `${board.name} for ${subject.userId ?? "guest"}`).toBe(single);
            // The items: the board page's statement, the separate one (home, API), and the model agree.
            const expected = [...items].filter(([, i]) => ids[i.board] === board.id && modelSees(subject, single, i)).map(([id]) => id);
            const page = itemsSeenAt(single, board.items ?? []).map((i) => i.id);
            expect(page.sort(), `items of ${board.name} for ${subject.userId ?? "guest"}`).toEqual(expected.sort());
            const apart = (await itemsShownTo(sql, board.id, subject, single)).map((i) => i.id);
            expect(apart.sort()).toEqual(expected.sort());
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});
