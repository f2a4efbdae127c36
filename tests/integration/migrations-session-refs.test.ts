import { createHash } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sessionRef } from "~/auth/tokens.server";
import { listMigrations, migrate } from "../../db/migrate";
import { databaseUrl } from "../fixtures/urls";

const adminUrl = inject("adminUrl");
const name = `porch_migrate_refs_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe("migration 0018", () => {
  it("refuses to keep usable session ids in old audit rows: they become the same references new rows get", async () => {
    await admin.unsafe(`create database ${name}`);
    const sql = postgres(databaseUrl(adminUrl, name), { max: 1, onnotice: () => {} });
    const all = listMigrations();
    await migrate(
      sql,
      all.filter((m) => m.name < "0018"),
    );
    const sessionId = "abcdefghijklmnopqrstuvwxyz234567";
    await sql`
      insert into audit_log (action, target_type, target_id) values
        ('auth.sign-in', 'session', ${sessionId}), ('auth.sign-out', 'session', ${sessionId}), ('user.created', 'user', 'kept-as-is')`;
    await migrate(sql, all);
    const rows = await sql`select target_type, target_id from audit_log order by id`;
    const ref = createHash("sha256").update(sessionId).digest("hex").slice(0, 16);
    expect(rows.map((r) => r.target_id)).toEqual([ref, ref, "kept-as-is"]);
    expect(sessionRef(sessionId)).toBe(ref);
    await sql.end();
  });
});
