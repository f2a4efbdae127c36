// Which local groups a directory (LDAP) or provider (OIDC) user joins: only those an admin mapped to
// one of their groups for that provider, plus `admins` through AUTH_LDAP_ADMIN_GROUP /
// AUTH_OIDC_ADMIN_GROUP. Never a group because its name matches: people can make their own groups at
// some providers (GitLab, Gitea) and in some directories.
import { Client } from "ldapts";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate } from "../../db/migrate";
import { ldapSignIn } from "~/auth/ldap/ldap.server";
import { forgetDiscoveryForTests } from "~/auth/oidc/discovery.server";
import { setConfigForTests } from "~/config.server";
import { provisionDirectoryUser } from "~/models/directory-users.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { ROOT, SUFFIX, useDirectory } from "../fixtures/directory";
import { CALLBACK, oidcConfigFor, oidcSignIn, PORCH, startTestOidcProvider } from "../fixtures/oidc";
import { databaseUrl } from "../fixtures/urls";

const db = useTestDatabase();
const directory = useDirectory();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;

beforeAll(async () => {
  op = await startTestOidcProvider({ redirectUris: [CALLBACK] });
  // A directory group called like Porch's own administrators' group, with alice in it.
  const c = new Client({ url: directory.url() });
  await c.bind(ROOT.dn, ROOT.password);
  await c.add(`cn=admins,ou=groups,${SUFFIX}`, {
    objectClass: "groupOfNames",
    cn: "admins",
    member: `uid=alice,ou=staff,ou=people,${SUFFIX}`,
  });
  await c.unbind();
});
afterAll(() => op?.close());

function useOidc(overrides: Record<string, string> = {}) {
  setConfigForTests({
    ...TEST_CONFIG,
    baseUrl: new URL(PORCH),
    databaseUrl: db.url(),
    providers: ["credentials", "oidc"],
    oidc: oidcConfigFor(op.issuer, overrides),
  });
  forgetDiscoveryForTests();
}

const sql = () => db.sql();
const userId = async (username: string) => (await sql()`select id from users where username = ${username}`)[0]?.id as string;
const groupsOf = async (id: string) =>
  (
    await sql()`select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${id} and gm.source <> 'local' order by g.name`
  ).map((r) => r.name);
const isAdmin = async (id: string) =>
  (
    await sql()`
    select exists (select 1 from group_members gm join group_permissions gp on gp.group_id = gm.group_id
                    where gm.user_id = ${id} and gp.permission = 'admin') as admin`
  )[0].admin as boolean;

async function group(name: string, permissions: string[] = []): Promise<string> {
  const [g] =
    await sql()`insert into groups (name) values (${name}) on conflict (name_key) do update set name = excluded.name returning id`;
  for (const p of permissions)
    await sql()`insert into group_permissions (group_id, permission) values (${g.id}, ${p}) on conflict do nothing`;
  return g.id;
}
const map = (groupId: string, provider: "ldap" | "oidc", name: string) =>
  sql()`insert into group_directory_mappings (group_id, provider, directory_group) values (${groupId}, ${provider}, ${name})`;

async function ldapUser(username: string, password: string, adminGroup: string | null = null) {
  const found = await ldapSignIn(directory.config(), username, password);
  return provisionDirectoryUser(sql(), "ldap", found, { adminGroup, client });
}

beforeEach(async () => {
  await sql()`delete from group_directory_mappings`;
  await sql()`delete from group_members where source <> 'local'`;
  await group("admins", ["admin"]);
  await group("family");
  await group("media");
  useOidc();
});

describe("directory and provider groups join local groups only through explicit mappings", () => {
  it("refuses to put an OIDC user into local groups named like groups they made at the provider, admins included", async () => {
    const { finished } = await oidcSignIn("selfmade");
    expect(finished.status).toBe(302);
    const id = await userId("selfmade");
    expect(id).toBeTruthy(); // signed in, as a plain user
    expect(await groupsOf(id)).toEqual([]);
    expect(await isAdmin(id)).toBe(false);
  });

  it("refuses to put an LDAP user into local groups named like their directory groups, admins included", async () => {
    const id = await ldapUser("alice", "alice-secret");
    expect(await groupsOf(id)).toEqual([]);
    expect(await isAdmin(id)).toBe(false);
  });

  it("refuses a mapping made for one provider to a user of the other with a group of that name", async () => {
    const streamers = await group("streamers");
    const ldapOnly = await group("ldap-media");
    await map(streamers, "oidc", "media"); // for the provider's "media"…
    await map(ldapOnly, "ldap", "family"); // …and for the directory's "family"
    const ldapId = await ldapUser("alice", "alice-secret");
    expect(await groupsOf(ldapId)).toEqual(["ldap-media"]); // not streamers, though alice is in LDAP "media"
    await oidcSignIn("selfmade");
    expect(await groupsOf(await userId("selfmade"))).toEqual(["streamers"]); // not ldap-media, though in OIDC "family"
  });

  it("refuses provider group names that differ only by case, in mappings and in AUTH_OIDC_ADMIN_GROUP", async () => {
    await map(await group("ops"), "oidc", "ops");
    useOidc({ AUTH_OIDC_ADMIN_GROUP: "porch-admins" });
    await oidcSignIn("caser"); // in "OPS" and "PORCH-ADMINS"
    const id = await userId("caser");
    expect(await groupsOf(id)).toEqual([]);
    expect(await isAdmin(id)).toBe(false);
  });

  it("puts people into the groups mapped for their provider and out again; the admin group settings still make admins", async () => {
    const ops = await group("ops");
    await map(ops, "ldap", "MEDIA"); // LDAP compares names as the directory does: whatever their case
    await map(ops, "oidc", "porch-admins");
    const aliceLdap = await ldapUser("alice", "alice-secret", "Directory-Admins");
    expect(await groupsOf(aliceLdap)).toEqual(["admins", "ops"]);
    await oidcSignIn("olivia"); // in the provider's "porch-admins" (AUTH_OIDC_ADMIN_GROUP)
    expect(await groupsOf(await userId("olivia"))).toEqual(["admins", "ops"]);
    await sql()`delete from group_directory_mappings where group_id = ${ops}`;
    await ldapUser("alice", "alice-secret");
    expect(await groupsOf(aliceLdap)).toEqual([]);
  });
});

describe("upgrading to explicit mappings (migration 0019)", () => {
  it("refuses to keep memberships that came from a same-name match: they end at the upgrade, audited; LDAP mappings stay", async () => {
    const name = `porch_upgrade_${process.pid}`;
    const admin = postgres(inject("adminUrl"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const old = postgres(databaseUrl(inject("adminUrl"), name), { max: 1, onnotice: () => {} });
    try {
      await migrate(
        old,
        listMigrations().filter((m) => m.name < "0019"),
      );
      const [admins] = await old`insert into groups (name) values ('admins') returning id`;
      const [streaming] = await old`insert into groups (name) values ('streaming') returning id`;
      await old`insert into group_directory_mappings (group_id, directory_group) values (${streaming.id}, 'media')`;
      const [mallory] = await old`insert into users (username, provider, external_id) values ('mallory', 'oidc', 'x#mallory') returning id`;
      const [alice] = await old`insert into users (username, provider, external_id) values ('alice', 'ldap', 'uuid-alice') returning id`;
      const [owner] = await old`insert into users (username) values ('owner') returning id`;
      await old`
        insert into group_members (group_id, user_id, source) values
          (${admins.id}, ${mallory.id}, 'oidc'),     -- a provider group she made called "admins"
          (${streaming.id}, ${mallory.id}, 'oidc'),  -- the mapping was meant for the directory's "media"
          (${streaming.id}, ${alice.id}, 'ldap'),    -- explained by the LDAP mapping
          (${admins.id}, ${owner.id}, 'local')       -- an admin's own doing`;

      await migrate(old);
      const left =
        await old`select u.username, g.name, gm.source from group_members gm join users u on u.id = gm.user_id join groups g on g.id = gm.group_id order by 1, 2`;
      expect(left).toEqual([
        { username: "alice", name: "streaming", source: "ldap" },
        { username: "owner", name: "admins", source: "local" },
      ]);
      const [audit] =
        await old`select actor_type, details from audit_log where action = 'user.groups-synced' and target_id = ${mallory.id}`;
      expect(audit).toMatchObject({ actor_type: "system", details: { provider: "oidc", removed: ["admins", "streaming"] } });
      expect(await old`select provider, directory_group from group_directory_mappings`).toEqual([
        { provider: "ldap", directory_group: "media" },
      ]);
    } finally {
      await old.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
