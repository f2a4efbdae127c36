import { describe, expect, it } from "vitest";
import {
  addItem,
  BoardNameTakenError,
  createBoard,
  listItems,
  moveItem,
  patchBoard,
  removeItem,
  UnknownItemError,
} from "~/models/boards.server";
import { createGroup, moveGroup } from "~/models/groups.server";
import { resolveHomeBoard, setGroupHomeBoard, setUserHomeBoard } from "~/models/home-board.server";
import { getBoardSettings, saveBoardSettings } from "~/models/server-settings.server";
import { grantGroup } from "~/models/board-rows.server";
import { closePermissions } from "~/permissions/definitions";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
/** An administrator's view of the Access tab: these tests are about the rules, not the asker's scope. */
const everything = { userId: null, admin: true };
const subject = (userId: string | null, guestsAllowed = true) => ({
  signedIn: userId !== null,
  userId,
  permissions: closePermissions([]),
  guestsAllowed,
});

describe("boards", () => {
  it("names are unique and URL-safe; the database refuses what the forms would", async () => {
    await createBoard(db.sql(), system, { name: "home-lab", title: "Home", isPublic: false });
    await expect(createBoard(db.sql(), system, { name: "home-lab", title: "Again", isPublic: false })).rejects.toBeInstanceOf(
      BoardNameTakenError,
    );
    await expect(db.sql()`insert into boards (name, title) values ('Bad Name', 'x')`).rejects.toThrow(/boards_name_check/);
    await expect(db.sql()`insert into boards (name, title) values ('-x', 'x')`).rejects.toThrow(/boards_name_check/);
  });

  it("items keep their order through moves, and a stale item id is a clear error", async () => {
    const sql = db.sql();
    const id = await createBoard(sql, system, { name: "items", title: "Items", isPublic: false });
    const a = await addItem(sql, system, id, { kind: "app", title: "A", url: "https://a.example", newTab: false });
    const b = await addItem(sql, system, id, { kind: "note", body: "B" });
    const c = await addItem(sql, system, id, { kind: "note", body: "C" });
    await moveItem(sql, system, id, c, -1);
    await moveItem(sql, system, id, a, -1); // already first: nothing moves
    expect((await listItems(sql, id)).map((i) => i.id)).toEqual([a, c, b]);
    await removeItem(sql, system, id, c);
    await expect(removeItem(sql, system, id, c)).rejects.toBeInstanceOf(UnknownItemError);
    await expect(moveItem(sql, system, id, c, 1)).rejects.toBeInstanceOf(UnknownItemError);
    expect((await listItems(sql, id)).map((i) => i.id)).toEqual([a, b]);
  });

  it("a patch lands whole or not at all", async () => {
    const sql = db.sql();
    await createBoard(sql, system, { name: "taken", title: "T", isPublic: false });
    const id = await createBoard(sql, system, { name: "patched", title: "P", isPublic: false });
    await addItem(sql, system, id, { kind: "note", body: "keep me" });
    await expect(patchBoard(sql, system, id, { name: "taken", title: "New" }, [{ kind: "note", body: "replaced" }])).rejects.toBeInstanceOf(
      BoardNameTakenError,
    );
    expect((await listItems(sql, id)).map((i) => i.body)).toEqual(["keep me"]);
    const [row] = await sql`select title from boards where id = ${id}`;
    expect(row.title).toBe("P");
  });

  it("home board: own choice, first group by order, everyone, server default; unviewable ones skipped", async () => {
    const sql = db.sql();
    const [everyone] = await sql`select id from groups where name = 'everyone'`;
    const user = await makeUser(sql);
    const g1 = await createGroup(sql, system, { name: "home-one" });
    const g2 = await createGroup(sql, system, { name: "home-two" });
    await sql`insert into group_members (group_id, user_id) values (${g1}, ${user.id}), (${g2}, ${user.id})`;
    const board = async (name: string, isPublic = true) => createBoard(sql, system, { name, title: name, isPublic });
    const [own, first, second, all, fallback, hidden] = [
      await board("own"),
      await board("first"),
      await board("second"),
      await board("all"),
      await board("fallback"),
      await board("hidden", false),
    ];
    const home = async () => (await resolveHomeBoard(sql, subject(user.id)))?.name ?? null;
    expect(await home()).toBe(null);
    await saveBoardSettings(sql, system, { guestAccess: true, defaultBoardId: fallback });
    expect(await home()).toBe("fallback");
    expect((await resolveHomeBoard(sql, subject(null)))?.name).toBe("fallback");
    expect(await resolveHomeBoard(sql, subject(null, false))).toBe(null);
    await setGroupHomeBoard(sql, system, everyone.id, all);
    expect(await home()).toBe("all");
    await setGroupHomeBoard(sql, system, g2, second);
    await setGroupHomeBoard(sql, system, g1, first);
    expect(await home()).toBe("first");
    await moveGroup(sql, system, g2, -1); // home-two now comes first
    expect(await home()).toBe("second");
    await setUserHomeBoard(sql, system, user.id, hidden);
    expect(await home()).toBe("second"); // can't view it: skipped
    await grantGroup(sql, system, hidden, g1, "view", everything);
    expect(await home()).toBe("hidden");
    await setUserHomeBoard(sql, system, user.id, own);
    expect(await home()).toBe("own");
    await sql`delete from boards where id = ${own}`;
    expect(await home()).toBe("second"); // a deleted board clears the choice: the first group decides again
  });

  it("saves server settings with no default home board (None), instead of a 500", async () => {
    const sql = db.sql();
    const id = await createBoard(sql, system, { name: "welcome", title: "Welcome", isPublic: true });
    await saveBoardSettings(sql, system, { guestAccess: true, defaultBoardId: id });
    await saveBoardSettings(sql, system, { guestAccess: false, defaultBoardId: null });
    expect(await getBoardSettings(sql)).toEqual({ guestAccess: false, defaultBoardId: null });
  });
});
