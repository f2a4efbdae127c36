import { describe, expect, it } from "vitest";
import { readApiKey, resolveApiKey } from "~/auth/api-key.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/models/api-keys.server";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const policy = { accountAttempts: 5, ipAttempts: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const client = (ip = "203.0.113.7") => ({ ip, userAgent: "curl/8" });

async function keyFor(options: { permissions?: string[]; keyPermissions?: string[]; actAsOwner?: boolean; expiresAt?: Date | null } = {}) {
  const owner = await makeUser(db.sql(), { permissions: options.permissions ?? ["admin"] });
  const key = await createApiKey(db.sql(), system, {
    userId: owner.id,
    description: "script",
    permissions: (options.keyPermissions ?? ["board-create"]) as never,
    actAsOwner: options.actAsOwner ?? false,
    expiresAt: options.expiresAt === undefined ? new Date(Date.now() + DAY) : options.expiresAt,
  });
  return { owner, ...key };
}

describe("API keys", () => {
  it("look like porch_<id>_<secret> and only the secret's SHA-256 is stored", async () => {
    const { token, id } = await keyFor();
    expect(token).toMatch(/^porch_[a-z2-7]{16}_[a-z2-7]{48}$/);
    const [row] = await db.sql()`select * from api_keys where id = ${id}`;
    expect(JSON.stringify(row)).not.toContain(token.split("_")[2]);
    expect(row.secretHash).toHaveLength(32);
    const listed = await listApiKeys(db.sql());
    expect(JSON.stringify(listed)).not.toContain(token.split("_")[2]);
    expect(listed[0]).not.toHaveProperty("secretHash");
  });

  it("act as the owner with the key's permissions ∩ the owner's current ones", async () => {
    const { token, owner } = await keyFor({ permissions: ["admin"], keyPermissions: ["board-create", "other-view-logs"] });
    const result = await resolveApiKey(db.sql(), token, client(), policy);
    if (!result.ok) throw new Error(result.reason);
    expect(result.actor.user.id).toBe(owner.id);
    expect([...result.actor.permissions].sort()).toEqual(["board-create", "other-view-logs"]); // not admin
    await db.sql()`delete from user_permissions where user_id = ${owner.id}`;
    await db.sql()`insert into user_permissions (user_id, permission) values (${owner.id}, 'board-create')`;
    const demoted = await resolveApiKey(db.sql(), token, client(), policy);
    expect(demoted.ok && [...demoted.actor.permissions]).toEqual(["board-create"]);
  });

  it("refuse each kind of bad key with its reason in the audit log", async () => {
    const sql = db.sql();
    const good = await keyFor();
    const expired = await keyFor({ expiresAt: new Date(Date.now() - 1000) });
    const revoked = await keyFor();
    await revokeApiKey(sql, system, revoked.id);
    const inactive = await keyFor();
    await sql`update users set status = 'inactive' where id = ${inactive.owner.id}`;
    const wrongSecret = good.token.slice(0, -4) + (good.token.endsWith("aaaa") ? "bbbb" : "aaaa");
    const unknownId = `porch_${"a".repeat(16)}_${good.token.split("_")[2]}`;
    const cases: Array<[string, string]> = [
      ["porch_nope", "bad format"],
      [unknownId, "unknown id"],
      [wrongSecret, "wrong secret"],
      [expired.token, "expired"],
      [revoked.token, "revoked"],
      [inactive.token, "owner inactive"],
    ];
    for (const [token, reason] of cases) {
      const result = await resolveApiKey(sql, token, client(`198.51.100.${cases.length}`), { ...policy, ipAttempts: 100 });
      expect(result.ok ? "ok" : result.reason, reason).toBe(reason);
    }
    const audit = await sql`select details->>'reason' as reason from audit_log where action = 'api-key.failed' order by id`;
    expect(audit.map((a) => a.reason)).toEqual(cases.map(([, r]) => r));
  });

  it("throttle failed attempts per address, shared by every instance through PostgreSQL", async () => {
    const { token } = await keyFor();
    const ip = "192.0.2.99";
    for (let i = 0; i < 5; i++) expect((await resolveApiKey(db.sql(), "porch_bad", client(ip), policy)).ok).toBe(false);
    const locked = await resolveApiKey(db.sql(), token, client(ip), policy);
    expect(locked.ok ? "ok" : locked.reason).toBe("throttled");
    expect((await resolveApiKey(db.sql(), token, client("192.0.2.100"), policy)).ok).toBe(true);
  });

  it("note last use at most once a minute and audit use at most once an hour", async () => {
    const sql = db.sql();
    const { token, id } = await keyFor();
    const t0 = new Date();
    await resolveApiKey(sql, token, client("10.0.0.1"), policy, t0);
    await resolveApiKey(sql, token, client("10.0.0.2"), policy, new Date(t0.getTime() + 30_000));
    let [row] = await sql`select last_used_ip from api_keys where id = ${id}`;
    expect(row.lastUsedIp).toBe("10.0.0.1");
    await resolveApiKey(sql, token, client("10.0.0.3"), policy, new Date(t0.getTime() + MINUTE));
    [row] = await sql`select last_used_ip from api_keys where id = ${id}`;
    expect(row.lastUsedIp).toBe("10.0.0.3");
    const [{ n }] = await sql`select count(*)::int as n from audit_log where action = 'api-key.used' and target_id = ${id}`;
    expect(n).toBe(1);
  });

  it("are read from Authorization: Bearer and from Homarr's ApiKey header", () => {
    expect(readApiKey(new Request("http://x/api", { headers: { Authorization: "Bearer porch_x" } }))).toBe("porch_x");
    expect(readApiKey(new Request("http://x/api", { headers: { ApiKey: "porch_y" } }))).toBe("porch_y");
    expect(readApiKey(new Request("http://x/api", { headers: { Authorization: "Basic abc" } }))).toBe(null);
  });
});
