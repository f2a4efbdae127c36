// A directory account is the entry's stable id (entryUUID, objectGUID…), never its DN: a DN is reused
// when someone leaves and someone else gets their uid, and the newcomer must not inherit the account.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LdapError, ldapSignIn } from "~/auth/ldap/ldap.server";
import { createApiKey } from "~/models/api-keys.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { startSlapd } from "../../scripts/lib/test-slapd.mjs";
import { useTestDatabase } from "../fixtures/database";
import { asRootAt, ldapConfigAt, ROOT, SUFFIX } from "../fixtures/directory";

const db = useTestDatabase();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const dir = mkdtempSync(path.join(os.tmpdir(), "porch-slapd-identity-"));
const CARL = `uid=carl,ou=people,${SUFFIX}`;
// One directory shows entryUUID as OpenLDAP does; the other hides it from the service account.
let open: Awaited<ReturnType<typeof startSlapd>>;
let hidden: Awaited<ReturnType<typeof startSlapd>>;

beforeAll(async () => {
  const ldif = readFileSync(new URL("../fixtures/directory.ldif", import.meta.url), "utf8");
  const start = (sub: string, access: string[] = []) =>
    startSlapd({ dir: path.join(dir, sub), suffix: SUFFIX, rootPassword: ROOT.password, ldif, access });
  [open, hidden] = await Promise.all([start("open"), start("hidden", ["access to attrs=entryUUID by * none"])]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), hidden?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const config = ldapConfigAt;
const asRoot = asRootAt;

/** Carl joins (again): a new entry under the same DN, with his own password. */
const hireCarl = (url: string, password: string, extra: Record<string, string> = {}) =>
  asRoot(url, async (c) => {
    await c.del(CARL).catch(() => {});
    await c.add(CARL, { objectClass: "inetOrgPerson", uid: "carl", cn: "Carl", sn: "Carl", userPassword: password, ...extra });
  });

describe("directory accounts are keyed by a stable id, never by the DN", () => {
  it("refuses a directory entry that shows no stable id, rather than keying the account by its DN", async () => {
    await hireCarl(hidden.url, "first-carl");
    const error = await ldapSignIn(config(hidden.url), "carl", "first-carl").catch((e) => e);
    expect(error).toBeInstanceOf(LdapError);
    expect(error.message).toMatch(/no stable id.*AUTH_LDAP_UNIQUE_ID_ATTRIBUTE/);
    const [{ n }] = await db.sql()`select count(*)::int as n from users where username = 'carl'`;
    expect(n).toBe(0);
    // An attribute the admin names (here employeeNumber) serves instead.
    await hireCarl(hidden.url, "first-carl", { employeeNumber: "E-1001" });
    const found = await ldapSignIn(config(hidden.url, { AUTH_LDAP_UNIQUE_ID_ATTRIBUTE: "employeeNumber" }), "carl", "first-carl");
    expect(found.externalId).toBe("E-1001");
  });

  it("refuses to let a new entry under a reused DN into the old account and its keys", async () => {
    const sql = db.sql();
    await hireCarl(open.url, "first-carl");
    const first = await ldapSignIn(config(open.url), "carl", "first-carl");
    const id = await provisionDirectoryUser(sql, "ldap", first, { adminGroup: null, client });
    await createApiKey(
      sql,
      { userId: id, ...client },
      { userId: id, description: "carl's", permissions: [], actAsOwner: true, expiresAt: null },
    );
    const [before] = await sql`select * from users where id = ${id}`;

    await hireCarl(open.url, "second-carl"); // Carl left; a new Carl got the uid
    const second = await ldapSignIn(config(open.url), "carl", "second-carl");
    expect(second.dn).toBe(first.dn);
    expect(second.externalId).not.toBe(first.externalId);
    await expect(provisionDirectoryUser(sql, "ldap", second, { adminGroup: null, client })).rejects.toBeInstanceOf(DirectoryUserRefused);
    expect((await sql`select * from users where id = ${id}`)[0]).toEqual(before);
    await sql`delete from users where id = ${id}`;
  });

  it("moves an account keyed by its DN (before this version) to the entry's stable id at its next sign-in, once", async () => {
    const sql = db.sql();
    await hireCarl(open.url, "first-carl");
    const [legacy] = await sql`insert into users (username, provider, external_id) values ('carl', 'ldap', ${CARL}) returning id`;
    const found = await ldapSignIn(config(open.url), "carl", "first-carl");
    expect(await provisionDirectoryUser(sql, "ldap", found, { adminGroup: null, client })).toBe(legacy.id);
    const [after] = await sql`select external_id from users where id = ${legacy.id}`;
    expect(after.externalId).toBe(found.externalId);
    const [audit] = await sql`select details from audit_log where action = 'user.directory-id-upgraded' and target_id = ${legacy.id}`;
    expect(audit.details).toMatchObject({ from: "dn", attribute: "entryUUID" });
  });
});
