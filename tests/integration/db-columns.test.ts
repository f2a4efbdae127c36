// The pool names result columns in camelCase, so queries carry no `as "camelCase"` aliases; what goes
// into the database keeps the names it is given.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();

describe("the app's connection", () => {
  it("returns columns camelCase, and leaves json_build_object keys and sql(object) inserts as written", async () => {
    const sql = db.sql();
    const [row] = await sql`
      select 1 as snake_case_column, 2 as plain, 3 as "alreadyCamel", json_build_object('group_name', 'x') as json_value`;
    expect(row).toEqual({ snakeCaseColumn: 1, plain: 2, alreadyCamel: 3, jsonValue: { group_name: "x" } });

    const inserted = await sql.begin(async (tx) => {
      await tx`create temp table columns_probe (snake_key int, other_key text) on commit drop`;
      return tx`insert into columns_probe ${tx({ snake_key: 7, other_key: "seven" })} returning *`;
    });
    expect([...inserted]).toEqual([{ snakeKey: 7, otherKey: "seven" }]);
  });
});
