import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate } from "../../db/migrate";
import { databaseUrl } from "../fixtures/urls";

const adminUrl = inject("adminUrl");
const name = `porch_migrate_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe("migration runner", () => {
  it("applies every migration once even when two instances start at the same moment", async () => {
    await admin.unsafe(`create database ${name}`);
    const a = postgres(databaseUrl(adminUrl, name), { max: 2, onnotice: () => {} });
    const b = postgres(databaseUrl(adminUrl, name), { max: 2, onnotice: () => {} });
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    const all = listMigrations().map((m) => m.name);
    expect([...first, ...second].sort()).toEqual(all.sort());
    const rows = await a`select name from schema_migrations order by name`;
    expect(rows.map((r) => r.name)).toEqual(all);
    expect(await migrate(a)).toEqual([]);
    await Promise.all([a.end(), b.end()]);
  });

  it("rolls a failing migration back whole and says which one failed", async () => {
    const sql = postgres(databaseUrl(adminUrl, name), { max: 1, onnotice: () => {} });
    const broken = [{ name: "9999_broken.sql", sql: "create table half_done (id int); select no_such_function();" }];
    await expect(migrate(sql, broken)).rejects.toThrow(/9999_broken\.sql failed/);
    const [table] = await sql`select to_regclass('half_done') as t`;
    expect(table.t).toBeNull();
    const [row] = await sql`select count(*)::int as n from schema_migrations where name = '9999_broken.sql'`;
    expect(row.n).toBe(0);
    await sql.end();
  });
});
