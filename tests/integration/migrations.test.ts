import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { originOf } from "~/integrations/origin";
import { listMigrations, migrate } from "../../db/migrate";
import { databaseUrl } from "../fixtures/urls";

const adminUrl = inject("adminUrl");
const name = `porch_migrate_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`drop database if exists ${name}_origin with (force)`);
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

  it("binds existing integration secrets to their URL's origin, spelled as the URL parser spells it", async () => {
    await admin.unsafe(`create database ${name}_origin`);
    const sql = postgres(databaseUrl(adminUrl, `${name}_origin`), { max: 1, onnotice: () => {} });
    const all = listMigrations();
    await migrate(sql, all.filter((m) => m.name < "0020"));
    const urls = [
      "http://127.0.0.1:8080/admin/api.php?summary", "HTTPS://Pi.Example.COM:443/x", "http://example.com:80", "https://example.com:8443#f",
      "http://ann:pa55@nas.lan:5000/webapi", "http://[::1]:3000/", "https://example.com?x=1", "http://host.lan:/", "http://a.lan\\b.lan/",
    ];
    for (const [i, url] of urls.entries()) {
      const [row] = await sql`insert into integrations (name, kind, url) values (${`i${i}`}, 'json-api', ${url}) returning id`;
      await sql`insert into integration_secrets (integration_id, field, value_encrypted) values (${row.id}, 'apiKey', '\\x00')`;
    }
    await migrate(sql, all.filter((m) => m.name.startsWith("0020")));
    const rows = await sql`select i.url, s.origin from integration_secrets s join integrations i on i.id = s.integration_id order by i.name`;
    expect(rows.map((r) => [r.url, r.origin])).toEqual(rows.map((r) => [r.url, originOf(r.url)]));
    await sql.end();
  });
});
