import postgres from "postgres";
import { expect, it } from "vitest";
import type { Db } from "~/db.server";
import { listVisibleBoards } from "~/permissions/board-list.server";
import type { BoardSubject } from "~/permissions/boards";
import { closePermissions } from "~/permissions/definitions";
import { seedBoards, seedPeople } from "../../scripts/lib/bench-seed.mjs";
import { useTestDatabase } from "../fixtures/database";

// Plans, not timings: at 10 000 boards no list query reads a whole table of boards or their rows, under
// the custom plan of its first runs and the generic plan a prepared statement moves to after five.

const db = useTestDatabase();

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function nodesOf(plan: { Plans?: unknown[] }): Array<Record<string, unknown>> {
  return [plan as Record<string, unknown>, ...((plan.Plans ?? []) as Array<{ Plans?: unknown[] }>).flatMap(nodesOf)];
}

/** A value as an SQL literal, for EXECUTE (the values are this test's own: names, uuids, numbers, level arrays). */
const literal = (v: unknown): string =>
  Array.isArray(v) ? `'{${v.join(",")}}'` : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

it(
  "lists a page of 10 000 boards without a sequential scan of boards or their rows, in custom and generic plans",
  { timeout: 180_000 },
  async () => {
    const sql = db.sql();
    await seedPeople(sql, { users: 2_000, groups: 1_000, perUser: 20 });
    await seedBoards(sql, 10_000);
    await sql.unsafe("vacuum analyze boards, board_user_permissions, board_group_permissions, group_members, groups");
    const [user] = await sql<{ id: string }[]>`select id from users where username = 'bench-user-1'`;
    const subjects: Record<string, BoardSubject> = {
      "member of 20 groups": { signedIn: true, userId: user.id, permissions: closePermissions([]), guestsAllowed: true },
      "board-view-all": { signedIn: true, userId: user.id, permissions: closePermissions(["board-view-all"]), guestsAllowed: true },
      guest: { signedIn: false, userId: null, permissions: closePermissions([]), guestsAllowed: true },
    };
    const pages = { first: {}, after: { after: "bench-board-5" }, before: { before: "bench-board-5" } };

    let captured: { query: string; params: unknown[] } | null = null;
    const capture = postgres(db.url(), {
      max: 1,
      onnotice: () => {},
      debug: (_c, query, params) => (captured = { query, params: [...params] }),
    });
    const reserved = await sql.reserve();
    const scans: string[] = [];
    try {
      for (const [who, subject] of Object.entries(subjects)) {
        for (const [which, page] of Object.entries(pages)) {
          await listVisibleBoards(capture as unknown as Db, subject, { limit: 100, ...page });
          const { query, params } = captured!;
          for (const mode of ["force_custom_plan", "force_generic_plan"]) {
            await reserved.unsafe(`set plan_cache_mode = ${mode}`);
            await reserved.unsafe("deallocate all");
            await reserved.unsafe(`prepare board_page as ${query}`);
            const args = params.length ? `(${params.map(literal).join(", ")})` : "";
            const [row] = await reserved.unsafe(`explain (format json) execute board_page${args}`);
            const plan = (row["QUERY PLAN"] as Array<{ Plan: { Plans?: unknown[] } }>)[0].Plan;
            for (const node of nodesOf(plan)) {
              if (node["Node Type"] === "Seq Scan" && String(node["Relation Name"]).startsWith("board")) {
                scans.push(`${who}, ${which} page, ${mode}: Seq Scan on ${node["Relation Name"]}`);
              }
            }
          }
        }
      }
    } finally {
      await reserved.unsafe("deallocate all");
      await reserved.unsafe("reset plan_cache_mode");
      reserved.release();
      await capture.end();
    }
    expect(scans).toEqual([]);
  },
);
