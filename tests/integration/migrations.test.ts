import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate } from "../../db/migrate";
import { databaseUrl } from "../fixtures/urls";

const adminUrl = inject("adminUrl");
const name = `porch_migrate_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`drop database if exists ${name}_origin with (force)`);
  await admin.unsafe(`drop database if exists ${name}_url with (force)`);
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

  it("renames a later account (or group) whose name means the same as an earlier one's, and says so in the audit log", async () => {
    const db = `${name}_names`;
    await admin.unsafe(`create database ${db}`);
    const sql = postgres(databaseUrl(adminUrl, db), { max: 1, onnotice: () => {} });
    try {
      await migrate(
        sql,
        listMigrations().filter((m) => m.name < "0017"),
      );
      // Possible before one canonical form: lower() alone did not see these as the same name.
      const [first] = await sql`insert into users (username, created_at) values ('alice', now() - interval '2 days') returning id`;
      const [second] = await sql`insert into users (username, created_at) values ('ａlice', now() - interval '1 day') returning id`;
      const [third] = await sql`insert into users (username) values ('ＡＬＩＣＥ') returning id`;
      await sql`insert into users (username) values ('bob')`;
      const [group] = await sql`insert into groups (name) values ('ＥＶＥＲＹＯＮＥ') returning id`;
      await migrate(sql);
      const [renamedGroup] = await sql`select name from groups where id = ${group.id}`;
      expect(renamedGroup.name).toBe(`ＥＶＥＲＹＯＮＥ-${group.id.slice(0, 8)}`);
      expect((await sql`select name from groups where name = 'everyone'`).length).toBe(1);
      const rows = await sql`select id, username from users where id in (${first.id}, ${second.id}, ${third.id}) order by created_at`;
      expect(rows.map((r) => r.username)).toEqual(["alice", `ａlice-${second.id.slice(0, 8)}`, `ＡＬＩＣＥ-${third.id.slice(0, 8)}`]);
      const audit = await sql`select target_id, details from audit_log where action = 'user.renamed' order by target_id`;
      expect(audit.map((a) => a.target_id).sort()).toEqual([second.id, third.id].sort());
      expect(audit.find((a) => a.target_id === second.id)?.details).toMatchObject({
        before: "ａlice",
        after: `ａlice-${second.id.slice(0, 8)}`,
      });
      // From now on the database refuses such a name itself.
      await expect(
        sql`insert into users (username) values ('ALİCE')`.then(() => sql`insert into users (username) values ('Alice')`),
      ).rejects.toMatchObject({ code: "23505" });
    } finally {
      await sql.end();
      await admin.unsafe(`drop database if exists ${db} with (force)`);
    }
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
    const originOf = (url: string) => {
      try {
        const origin = new URL(url).origin;
        return origin === "null" ? null : origin;
      } catch {
        return null;
      }
    };
    await admin.unsafe(`create database ${name}_origin`);
    const sql = postgres(databaseUrl(adminUrl, `${name}_origin`), { max: 1, onnotice: () => {} });
    const all = listMigrations();
    await migrate(
      sql,
      all.filter((m) => m.name < "0020"),
    );
    const urls = [
      "http://127.0.0.1:8080/admin/api.php?summary",
      "HTTPS://Pi.Example.COM:443/x",
      "http://example.com:80",
      "https://example.com:8443#f",
      "http://ann:pa55@nas.lan:5000/webapi",
      "http://[::1]:3000/",
      "https://example.com?x=1",
      "http://host.lan:/",
      "http://a.lan\\b.lan/",
    ];
    for (const [i, url] of urls.entries()) {
      const [row] = await sql`insert into integrations (name, kind, url) values (${`i${i}`}, 'json-api', ${url}) returning id`;
      await sql`insert into integration_secrets (integration_id, field, value_encrypted) values (${row.id}, 'apiKey', '\\x00')`;
    }
    await migrate(
      sql,
      all.filter((m) => m.name.startsWith("0020")),
    );
    const rows =
      await sql`select i.url, s.origin from integration_secrets s join integrations i on i.id = s.integration_id order by i.name`;
    expect(rows.map((r) => [r.url, r.origin])).toEqual(rows.map((r) => [r.url, originOf(r.url)]));
    await sql.end();
  });

  it("binds each integration secret to its integration's exact URL; one bound to another origin goes (0024, attack11)", async () => {
    await admin.unsafe(`create database ${name}_url`);
    const sql = postgres(databaseUrl(adminUrl, `${name}_url`), { max: 1, onnotice: () => {} });
    const all = listMigrations();
    await migrate(
      sql,
      all.filter((m) => m.name < "0024"),
    );
    const cases = [
      { url: "http://127.0.0.1:8080/admin/api.php?summary", origin: "http://127.0.0.1:8080", kept: true },
      { url: "https://pi.example.com/x", origin: "https://pi.example.com", kept: true },
      { url: "http://example.com", origin: "http://example.com", kept: true },
      { url: "https://example.com?x=1", origin: "https://example.com", kept: true },
      { url: "http://nas.lan:5000/webapi", origin: "http://evil.lan:5000", kept: false },
      { url: "http://nas.lan.evil/x", origin: "http://nas.lan", kept: false },
    ];
    for (const [i, c] of cases.entries()) {
      const [row] = await sql`insert into integrations (name, kind, url) values (${`u${i}`}, 'json-api', ${c.url}) returning id`;
      await sql`insert into integration_secrets (integration_id, field, value_encrypted, origin) values (${row.id}, 'apiKey', '\\x00', ${c.origin})`;
    }
    await migrate(
      sql,
      all.filter((m) => m.name.startsWith("0024")),
    );
    const rows =
      await sql`select i.url, s.url as bound from integration_secrets s join integrations i on i.id = s.integration_id order by i.name`;
    expect(rows.map((r) => [r.url, r.bound])).toEqual(cases.filter((c) => c.kept).map((c) => [c.url, c.url]));
    await sql.end();
  });
});
