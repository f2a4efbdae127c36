import net from "node:net";
import { Attribute, Change } from "ldapts";
import { describe, expect, it } from "vitest";
import { parseLdapConfig } from "~/auth/ldap/config";
import { LdapError, ldapSignIn } from "~/auth/ldap/ldap.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { useTestDatabase } from "../fixtures/database";
import { SUFFIX, useDirectory } from "../fixtures/directory";

const db = useTestDatabase();
const directory = useDirectory();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const ALICE = `uid=alice,ou=staff,ou=people,${SUFFIX}`;

async function groupsOf(userId: string) {
  const rows = await db.sql()`
    select g.name, gm.source from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${userId} order by g.name`;
  return rows.map((r) => `${r.name}:${r.source}`);
}

describe("LDAP sign-in against OpenLDAP", () => {
  it("finds the user in a nested OU, binds as them and reads groupOfNames and posixGroup memberships", async () => {
    const user = await ldapSignIn(directory.config(), "alice", "alice-secret");
    expect(user).toMatchObject({ dn: ALICE, username: "alice", email: "alice@porch.test", displayName: "Alice Liddell" });
    expect(user.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.groups.sort()).toEqual(["directory-admins", "family", "media"]);
  });

  it("creates the local account on first sign-in, then syncs name and groups, leaving local memberships alone", async () => {
    const sql = db.sql();
    await sql`insert into groups (name) values ('Media'), ('family'), ('local-only')`;
    // Only groups an admin mapped for LDAP are synced (a same name alone gives nothing).
    await sql`insert into group_directory_mappings (group_id, provider, directory_group) select id, 'ldap', lower(name) from groups where name in ('Media', 'family')`;
    const config = directory.config({ AUTH_LDAP_ADMIN_GROUP: "directory-admins" });
    const first = await ldapSignIn(config, "alice", "alice-secret");
    const id = await provisionDirectoryUser(sql, "ldap", first, { adminGroup: config.adminGroup, client });
    const [row] = await sql`select username, provider, password_hash, external_id from users where id = ${id}`;
    expect(row).toMatchObject({ username: "alice", provider: "ldap", passwordHash: null, externalId: first.externalId });
    expect(await groupsOf(id)).toEqual(["Media:ldap", "everyone:local", "family:ldap"]);
    await sql`insert into groups (name) values ('admins') on conflict do nothing`;
    await sql`insert into group_members (group_id, user_id) select id, ${id} from groups where name = 'local-only'`;

    await directory.asRoot((c) =>
      c.modify(
        `cn=media,ou=groups,${SUFFIX}`,
        new Change({ operation: "delete", modification: new Attribute({ type: "member", values: [ALICE] }) }),
      ),
    );
    await directory.asRoot((c) =>
      c.modify(
        ALICE,
        new Change({ operation: "replace", modification: new Attribute({ type: "cn", values: ["Alice Pleasance Liddell"] }) }),
      ),
    );
    const second = await ldapSignIn(config, "alice", "alice-secret");
    expect(await provisionDirectoryUser(sql, "ldap", second, { adminGroup: config.adminGroup, client })).toBe(id);
    expect(await groupsOf(id)).toEqual(["admins:ldap", "everyone:local", "family:ldap", "local-only:local"]);
    const [after] = await sql`select display_name from users where id = ${id}`;
    expect(after.displayName).toBe("Alice Pleasance Liddell");
  });

  it("puts directory users into local groups an admin mapped to their directory groups, and out again", async () => {
    const sql = db.sql();
    const { addDirectoryMapping, removeDirectoryMapping } = await import("~/models/groups.server");
    const [streaming] = await sql`insert into groups (name) values ('Streaming') returning id`;
    await addDirectoryMapping(sql, { userId: null, ...client }, streaming.id, { provider: "ldap", name: "MEDIA" });
    const bobUser = await ldapSignIn(directory.config(), "bob", "bob-secret");
    const id = await provisionDirectoryUser(
      sql,
      "ldap",
      { ...bobUser, externalId: "bob-mapping-test", username: "bob-mapped" },
      { adminGroup: null, client },
    );
    expect(await groupsOf(id)).toContain("Streaming:ldap");
    await removeDirectoryMapping(sql, { userId: null, ...client }, streaming.id, { provider: "ldap", name: "media" });
    await provisionDirectoryUser(
      sql,
      "ldap",
      { ...bobUser, externalId: "bob-mapping-test", username: "bob-mapped" },
      { adminGroup: null, client },
    );
    expect(await groupsOf(id)).not.toContain("Streaming:ldap");
  });

  it("refuses to merge a directory user into a local account with the same username", async () => {
    await db.sql()`insert into users (username, password_hash) values ('bob', 'local-hash')`;
    const bob = await ldapSignIn(directory.config(), "bob", "bob-secret");
    await expect(provisionDirectoryUser(db.sql(), "ldap", bob, { adminGroup: null, client })).rejects.toBeInstanceOf(DirectoryUserRefused);
  });

  const refusals: Array<[string, string, string, RegExp]> = [
    ["a wrong password", "alice", "nope", /^user bind failed: invalid credentials \(49\)$/],
    ["an unknown user", "nobody", "whatever", /^user search failed: no entry matches the filter$/],
    ["filter injection in the username", "*)(uid=*))(|(uid=*", "x", /^user search failed: no entry matches the filter$/],
    ["a wildcard username", "*", "alice-secret", /^user search failed: no entry matches the filter$/],
    ["two matching entries", "twin", "twin-secret", /^user search failed: user search returned 2 entries$/],
  ];
  for (const [name, username, password, message] of refusals) {
    it(`refuses ${name}, naming the failing step`, async () => {
      const error = await ldapSignIn(directory.config(), username, password).catch((e) => e);
      expect(error).toBeInstanceOf(LdapError);
      expect(error.message).toMatch(message);
      expect(error.kind).toBe("refused");
    });
  }

  it("signs in a user whose DN holds a comma and a star", async () => {
    const star = await ldapSignIn(directory.config(), "star", "star-secret");
    expect(star.dn).toBe(`cn=Star\\2C *Wildcard,ou=people,${SUFFIX}`);
  });

  it("refuses an empty password before contacting the server (an anonymous bind)", async () => {
    const error = await ldapSignIn(directory.config({ AUTH_LDAP_URI: "ldap://127.0.0.1:1" }), "alice", "").catch((e) => e);
    expect(error).toMatchObject({ step: "input", kind: "refused" });
  });

  it("says precisely when the service account is refused, or disabled", async () => {
    const error = await ldapSignIn(directory.config({ AUTH_LDAP_BIND_PASSWORD: "wrong" }), "alice", "alice-secret").catch((e) => e);
    expect(error.message).toBe("service bind failed: invalid credentials (49)");
    const disabled = await ldapSignIn(
      directory.config({ AUTH_LDAP_BIND_DN: `cn=disabled-bind,ou=services,${SUFFIX}`, AUTH_LDAP_BIND_PASSWORD: "anything" }),
      "alice",
      "alice-secret",
    ).catch((e) => e);
    expect(disabled.message).toBe("service bind failed: invalid credentials (49)");
  });

  it("calls a server that is down or too slow unreachable", async () => {
    const down = await ldapSignIn(directory.config({ AUTH_LDAP_URI: "ldap://127.0.0.1:1" }), "alice", "alice-secret").catch((e) => e);
    expect(down).toMatchObject({ kind: "unreachable" });
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const slow = await ldapSignIn(
      directory.config({ AUTH_LDAP_URI: `ldap://127.0.0.1:${port}`, AUTH_LDAP_TIMEOUT: "300" }),
      "alice",
      "alice-secret",
    ).catch((e) => e);
    expect(slow).toMatchObject({ kind: "unreachable" });
    expect(slow.message).toMatch(/timeout|timed out/i);
    silent.close();
  });

  it("maps Homarr v1's variables onto the filters and refuses bad configuration line by line", () => {
    const { config } = parseLdapConfig({
      AUTH_LDAP_URI: "ldap://dir:389",
      AUTH_LDAP_BIND_DN: "cn=x",
      AUTH_LDAP_BIND_PASSWORD: "y",
      AUTH_LDAP_BASE: SUFFIX,
      AUTH_LDAP_USERNAME_FILTER_EXTRA_ARG: "(objectClass=person)",
      AUTH_LDAP_GROUP_CLASS: "groupOfUniqueNames",
      AUTH_LDAP_GROUP_MEMBER_ATTRIBUTE: "uniqueMember",
    });
    expect(config?.userSearchFilter).toBe("(&(uid={{username}})(objectClass=person))");
    expect(config?.groupSearchFilter).toBe("(&(objectClass=groupOfUniqueNames)(uniqueMember={{dn}}))");
    const { errors } = parseLdapConfig({ AUTH_LDAP_URI: "http://dir", AUTH_LDAP_SEARCH_SCOPE: "deep" });
    expect(errors).toEqual([
      'AUTH_LDAP_URI must look like ldap://host:389 or ldaps://host:636 (got "http://dir")',
      "AUTH_LDAP_BIND_DN is required when AUTH_PROVIDERS contains ldap",
      "AUTH_LDAP_BIND_PASSWORD is required when AUTH_PROVIDERS contains ldap",
      "AUTH_LDAP_BASE is required when AUTH_PROVIDERS contains ldap",
      'AUTH_LDAP_SEARCH_SCOPE must be base, one or sub (got "deep")',
    ]);
  });
});

describe("LDAP through the sign-in form", () => {
  async function attempt(provider: "ldap" | "credentials", username: string, password: string, ldapUri?: string) {
    const { setConfigForTests } = await import("~/config.server");
    const { TEST_CONFIG } = await import("../fixtures/database");
    const { authenticatorFor } = await import("~/auth/authenticator.server");
    setConfigForTests({
      ...TEST_CONFIG,
      databaseUrl: db.url(),
      providers: ["credentials", "ldap"],
      ldap: directory.config(ldapUri ? { AUTH_LDAP_URI: ldapUri } : {}),
    });
    const context = { actor: { kind: "guest" }, client, requestId: "t", cspNonce: "" };
    const request = new Request("http://porch.test/auth/login", { method: "POST", body: new URLSearchParams({ username, password }) });
    return authenticatorFor(context as never).authenticate(provider, request);
  }

  it("signs a directory user in and audits the precise reason of a failure", async () => {
    expect(await attempt("ldap", "alice", "alice-secret")).toMatchObject({ ok: true, provider: "ldap" });
    const failed = await attempt("ldap", "alice", "wrong");
    expect(failed.ok || failed.reply.error?.[""]).toEqual(["Invalid username or password"]);
    const [row] = await db.sql()`
      select details from audit_log where action = 'auth.sign-in.failed' and details->>'provider' = 'ldap' order by id desc limit 1`;
    expect(row.details.reason).toBe("ldap user bind failed: invalid credentials (49)");
  });

  it("says the directory is unreachable when it is, while password accounts still sign in", async () => {
    const down = await attempt("ldap", "alice", "alice-secret", "ldap://127.0.0.1:1");
    expect(down.ok || down.reply.error?.[""]).toEqual(["The directory is unreachable, try again later"]);
    const { makeUser } = await import("../fixtures/users");
    const local = await makeUser(db.sql());
    expect((await attempt("credentials", local.username, local.password, "ldap://127.0.0.1:1")).ok).toBe(true);
  });
});
