import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate } from "../../db/migrate";
import { databaseUrl } from "../fixtures/urls";

const adminUrl = inject("adminUrl");
const name = `porch_migrate_sid_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("migration 0037", () => {
  it("reads the sid of sessions signed in before it from their id_token, so the provider can log them out too (attack40)", async () => {
    await admin.unsafe(`create database ${name}`);
    const sql = postgres(databaseUrl(adminUrl, name), { max: 1, onnotice: () => {} });
    const all = listMigrations();
    await migrate(
      sql,
      all.filter((m) => m.name < "0037"),
    );
    const [user] = await sql`insert into users (username, provider, external_id) values ('eve', 'oidc', 'https://idp#eve') returning id`;
    // Payloads of every length modulo 4 (base64url has no padding), one without a sid, one that isn't a JWT.
    const tokens = {
      s1: `${part({ alg: "RS256" })}.${part({ sub: "eve", sid: "sid-one" })}.sig`,
      s2: `${part({ alg: "RS256" })}.${part({ sub: "eve", sid: "sid-two-x" })}.sig`,
      s3: `${part({ alg: "RS256" })}.${part({ sub: "eve", sid: "sid-three-xy" })}.sig`,
      none: `${part({ alg: "RS256" })}.${part({ sub: "eve" })}.sig`,
      junk: "not-a-jwt",
    };
    for (const [id, token] of Object.entries(tokens)) {
      await sql`
        insert into sessions (id, secret_hash, user_id, remember, expires_at, max_expires_at, id_token)
        values (${id}, ${Buffer.alloc(32)}, ${user.id}, false, now() + interval '1 day', now() + interval '1 day', ${token})`;
    }
    await migrate(sql, all);
    const rows = await sql`select id, oidc_sid from sessions order by id`;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.oidc_sid]))).toEqual({
      junk: null,
      none: null,
      s1: "sid-one",
      s2: "sid-two-x",
      s3: "sid-three-xy",
    });
    await sql.end();
  });
});
