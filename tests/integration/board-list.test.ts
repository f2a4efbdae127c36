import { describe, expect, it } from "vitest";
import { createBoard, patchBoard } from "~/models/boards.server";
import { grantGroup, grantUser } from "~/models/board-rows.server";
import { addMember, createGroup } from "~/models/groups.server";
import { listVisibleBoards } from "~/permissions/board-list.server";
import type { BoardSubject } from "~/permissions/boards";
import { closePermissions } from "~/permissions/definitions";
import { loader as apiLoader } from "~/routes/api.boards._index";
import { loader as pageLoader } from "~/routes/boards._index";
import { encodeBoardCursor } from "~/utils/list-cursor";
import { useTestDatabase } from "../fixtures/database";
import { contextFor, PORCH_ORIGIN, signedInContext, statusOf } from "../fixtures/routes";
import { makeUser } from "../fixtures/users";

// The board list pages by cursor (ADR 026): every board the viewer may see exactly once, in name order,
// whatever is inserted meanwhile; nothing else, whatever the cursor says.

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const everything = { userId: null, admin: true };
const subjectOf = (userId: string): BoardSubject => ({ signedIn: true, userId, permissions: closePermissions([]), guestsAllowed: true });

/** A viewer who reaches boards by every path, and as many boards they may not see. */
async function world(prefix: string) {
  const sql = db.sql();
  const viewer = await makeUser(sql);
  const other = await makeUser(sql);
  const family = await createGroup(sql, system, { name: `${prefix}-family` });
  const strangers = await createGroup(sql, system, { name: `${prefix}-strangers` });
  await addMember(sql, system, family, viewer.username);
  const [everyone] = await sql<{ id: string }[]>`select id from groups where name = 'everyone'`;
  const visible: string[] = [];
  const hidden: string[] = [];
  const board = async (name: string, isPublic = false, creator: string | null = other.id) => {
    const id = await createBoard(sql, { ...system, userId: creator }, { name: `${prefix}-${name}`, title: name, isPublic });
    return id;
  };
  for (let i = 0; i < 4; i++) {
    await board(`created-${i}`, false, viewer.id);
    visible.push(`${prefix}-created-${i}`);
    await grantUser(sql, system, await board(`own-row-${i}`), viewer.username, "modify", everything);
    visible.push(`${prefix}-own-row-${i}`);
    // Two group rows on one board (family and everyone): still listed once, at its best level.
    const both = await board(`group-${i}`);
    await grantGroup(sql, system, both, family, "view", everything);
    await grantGroup(sql, system, both, everyone.id, "full", everything);
    visible.push(`${prefix}-group-${i}`);
    await board(`public-${i}`, true);
    visible.push(`${prefix}-public-${i}`);
    await grantGroup(sql, system, await board(`strangers-${i}`), strangers, "full", everything);
    hidden.push(`${prefix}-strangers-${i}`);
    await grantUser(sql, system, await board(`others-row-${i}`), other.username, "full", everything);
    hidden.push(`${prefix}-others-row-${i}`);
    await board(`private-${i}`);
    hidden.push(`${prefix}-private-${i}`);
  }
  return { viewer, other, visible: visible.sort(), hidden, board };
}

async function walk(subject: BoardSubject, search: string, limit: number, direction: "after" | "before" = "after") {
  const seen: string[] = [];
  // Backwards starts past the end, as a "Previous" link from beyond the last page would.
  let cursor: string | undefined = direction === "after" ? undefined : "z".repeat(64);
  for (let pages = 0; pages < 100; pages++) {
    const { boards, more } = await listVisibleBoards(db.sql(), subject, { search, limit, [direction]: cursor });
    expect(boards.length).toBeLessThanOrEqual(limit);
    seen.push(...(direction === "after" ? boards : [...boards].reverse()).map((b) => b.name));
    if (!more) return direction === "after" ? seen : seen.reverse();
    cursor = direction === "after" ? boards[boards.length - 1].name : boards[0].name;
  }
  throw new Error("the list never ended");
}

describe("board list pagination", () => {
  it("lists every visible board exactly once across pages, in name order, forwards and backwards, and none other", async () => {
    const { viewer, visible } = await world("walk");
    const subject = subjectOf(viewer.id);
    for (const limit of [1, 2, 3, 7, 50]) {
      expect(await walk(subject, "walk-", limit), `limit ${limit}`).toEqual(visible);
      expect(await walk(subject, "walk-", limit, "before"), `limit ${limit}, backwards`).toEqual(visible);
    }
    const { boards } = await listVisibleBoards(db.sql(), subject, { search: "walk-group-", limit: 10 });
    expect(boards.map((b) => b.rank)).toEqual([3, 3, 3, 3]); // everyone's "full" beats family's "view"
  });

  it("keeps its order while boards are added and renamed between pages: each board there from the start appears once", async () => {
    const { viewer, visible, board } = await world("moving");
    const subject = subjectOf(viewer.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const { boards, more } = await listVisibleBoards(db.sql(), subject, { search: "moving-", limit: 3, after: cursor });
      seen.push(...boards.map((b) => b.name));
      // A new visible board before the cursor and one after it, on every page.
      await board(`a-early-${page}`, true);
      await board(`zz-late-${page}`, true);
      if (!more) break;
      cursor = boards[boards.length - 1].name;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    for (const name of visible) expect(seen).toContain(name);
    expect(seen.some((n) => n.startsWith("moving-a-early-"))).toBe(false);

    // A renamed board moves in the order of the group index too (its copy of the name follows).
    const [row] = await db.sql()<{ id: string }[]>`select id from boards where name = 'moving-group-0'`;
    await patchBoard(db.sql(), system, row.id, { name: "moving-0-renamed" });
    const { boards } = await listVisibleBoards(db.sql(), subject, { search: "moving-", limit: 1 });
    expect(boards.map((b) => [b.name, b.rank])).toEqual([["moving-0-renamed", 3]]);
    const copies = await db.sql()`select distinct board_name from board_group_permissions where board_id = ${row.id}`;
    expect(copies.map((c) => c.boardName)).toEqual(["moving-0-renamed"]);
  });
});

describe("GET /api/boards and /boards cursors", () => {
  const api = async (query: string, context: Awaited<ReturnType<typeof signedInContext>>) =>
    (await apiLoader({ request: new Request(`${PORCH_ORIGIN}/api/boards${query}`), context, params: {} })) as Response;

  it("pages by the Link header's opaque cursor and still takes a bare board name, as before", async () => {
    const { viewer, visible } = await world("api");
    const context = await signedInContext(db.sql(), viewer.id);
    const names: string[] = [];
    let query: string | null = "?limit=5";
    while (query) {
      const res = await api(query, context);
      expect(res.status).toBe(200);
      names.push(...((await res.json()) as Array<{ name: string }>).map((b) => b.name));
      const link = /<\/api\/boards(\?[^>]+)>; rel="next"/.exec(res.headers.get("Link") ?? "");
      if (link) expect(new URLSearchParams(link[1]).get("after")).not.toMatch(/^api-/);
      query = link?.[1] ?? null;
    }
    expect(names.filter((n) => n.startsWith("api-"))).toEqual(visible);
    const legacy = (await (await api("?after=api-public-2&limit=500", context)).json()) as Array<{ name: string }>;
    expect(legacy[0].name).toBe("api-public-3");
  });

  it("refuses a forged or garbled cursor with 400 and says why; a well-formed one never reaches a board the caller may not see", async () => {
    const { viewer, hidden } = await world("forged");
    const context = await signedInContext(db.sql(), viewer.id);
    for (const after of ["%%%", "Zm9v", "AAAA", "YjE6Rk9P", "x".repeat(300), "a--b"]) {
      const res = await api(`?after=${encodeURIComponent(after)}`, context);
      expect(res.status, after).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/\?after= is not a cursor this list gave out/);
    }
    // A cursor naming a board they may not see: it is a position, nothing more.
    for (const name of hidden) {
      const res = await api(`?after=${encodeBoardCursor(name)}&limit=500`, context);
      const names = ((await res.json()) as Array<{ name: string }>).map((b) => b.name);
      expect(names.every((n) => n > name)).toBe(true);
      expect(names.filter((n) => hidden.includes(n))).toEqual([]);
    }
    const page = await pageLoader({ request: new Request(`${PORCH_ORIGIN}/boards?after=%25%25`), context, params: {} });
    expect(statusOf(page)).toBe(400);
    const both = await pageLoader({
      request: new Request(`${PORCH_ORIGIN}/boards?after=${encodeBoardCursor("a")}&before=${encodeBoardCursor("b")}`),
      context,
      params: {},
    });
    expect(statusOf(both)).toBe(400);
  });

  it("keeps limit within 1 to 500 (default 100) and the page at 50, with Previous and Next as plain links", async () => {
    const sql = db.sql();
    const viewer = await makeUser(sql);
    await sql`
      insert into boards (name, title, creator_id)
      select '0many-' || lpad(i::text, 4, '0'), 'Many ' || i, ${viewer.id} from generate_series(1, 620) i`;
    const context = await signedInContext(sql, viewer.id);
    const count = async (query: string) => ((await (await api(query, context)).json()) as unknown[]).length;
    expect(await count("")).toBe(100);
    expect(await count("?limit=0")).toBe(1);
    expect(await count("?limit=1")).toBe(1);
    expect(await count("?limit=500")).toBe(500);
    expect(await count("?limit=100000")).toBe(500);
    expect(await count("?limit=-5")).toBe(100);
    expect(await count("?limit=abc")).toBe(100);

    const load = async (query: string) => {
      const answer = (await pageLoader({ request: new Request(`${PORCH_ORIGIN}/boards${query}`), context, params: {} })) as {
        data: { boards: Array<{ name: string }>; previous: string | null; next: string | null };
      };
      return answer.data;
    };
    const first = await load("");
    expect(first.boards.length).toBe(50);
    expect(first.boards[0].name).toBe("0many-0001");
    expect(first.previous).toBeNull();
    const second = await load(`?after=${first.next}`);
    expect(second.boards[0].name).toBe("0many-0051");
    const back = await load(`?before=${second.previous}`);
    expect(back.boards.map((b) => b.name)).toEqual(first.boards.map((b) => b.name));
    expect(back.previous).toBeNull();
    const guest = await pageLoader({ request: new Request(`${PORCH_ORIGIN}/boards`), context: contextFor(), params: {} });
    expect(statusOf(guest)).toBe(200);
  });
});
