import { describe, expect, it } from "vitest";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { acceptInvite, createInvite } from "~/models/invites.server";
import { createManagedUser, UsernameTakenError } from "~/models/manage-users.server";
import { findUserForLogin } from "~/models/users.server";
import { useTestDatabase } from "../fixtures/database";
import { contextFor, formPost, run, signedInContext, statusOf } from "../fixtures/routes";
import { makeUser } from "../fixtures/users";

// One canonical form of a username (ADR 014), used for storage, lookup, lockout and uniqueness.

const db = useTestDatabase();
const admin = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };
const count = async () => (await db.sql()`select count(*)::int as n from users`)[0].n;

describe("one canonical form of a username", () => {
  it("refuses a second account whose name means the same as an existing one, down to the database", async () => {
    const sql = db.sql();
    await sql`insert into users (username, password_hash) values ('alice', 'h')`;
    await createManagedUser(sql, admin, { username: "οδος", passwordHash: "h", groupIds: [] });
    const before = await count();
    // Straight into the table (as a buggy or forgotten code path would): the database itself refuses.
    for (const same of ["ａlice", "ＡＬＩＣＥ", "ALICE"]) {
      await expect(sql`insert into users (username, password_hash) values (${same}, 'h')`, same).rejects.toMatchObject({ code: "23505" });
    }
    // Through the models: the form's message, not a 500. Final sigma and σ are one letter.
    await expect(createManagedUser(sql, admin, { username: "ΟΔΟΣ", passwordHash: "h", groupIds: [] })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    const invite = await createInvite(sql, admin, 60_000);
    await expect(
      acceptInvite(sql, invite.token, { username: "Οδοσ", passwordHash: "h", ip: null, userAgent: null }),
    ).rejects.toBeInstanceOf(UsernameTakenError);
    expect(await count()).toBe(before);
  });

  it("finds an account by any form of its name", async () => {
    const sql = db.sql();
    const [user] = await sql`insert into users (username, password_hash) values ('Zoë', 'h') returning id`;
    for (const typed of ["zoë", "ZOË", "zoe\u0308", "ｚｏë"]) expect((await findUserForLogin(sql, typed)).user?.id, typed).toBe(user.id);
  });

  it("refuses a directory account with an ambiguous name, and never renames one to such a name", async () => {
    const sql = db.sql();
    const before = await count();
    const directoryUser = { dn: "uid=x", externalId: "ambiguous-1", username: "ｍallory", email: null, displayName: null, groups: [] };
    await expect(provisionDirectoryUser(sql, "ldap", directoryUser, { adminGroup: null, client: admin })).rejects.toMatchObject({
      reason: "ambiguous-username",
    });
    expect(await count()).toBe(before);
    const id = await provisionDirectoryUser(
      sql,
      "ldap",
      { ...directoryUser, externalId: "plain-1", username: "mallory" },
      { adminGroup: null, client: admin },
    );
    await provisionDirectoryUser(
      sql,
      "ldap",
      { ...directoryUser, externalId: "plain-1", username: "mаllory" },
      { adminGroup: null, client: admin },
    );
    const [row] = await sql`select username from users where id = ${id}`;
    expect(row.username).toBe("mallory");
    // The directory chooses its names' characters: only ambiguity is refused, not an apostrophe or a space.
    await expect(
      provisionDirectoryUser(
        sql,
        "ldap",
        { ...directoryUser, externalId: "plain-2", username: "o'brien smith" },
        { adminGroup: null, client: admin },
      ),
    ).resolves.toBeTruthy();
    expect(DirectoryUserRefused).toBeDefined();
  });

  it("refuses an ambiguous username beside the field in every form and endpoint that names an account, and writes nothing", async () => {
    const sql = db.sql();
    const adminUser = await makeUser(sql, { permissions: ["admin"] });
    const adminContext = await signedInContext(sql, adminUser.id);
    const before = await count();
    const name = "ａlice";
    const pair = { password: "a fine long passphrase", confirmPassword: "a fine long passphrase" };
    const invite = await createInvite(sql, admin, 60_000);
    const answers = {
      init: await run(async () =>
        (await import("~/routes/init")).action({
          request: formPost("/init", { username: name, ...pair }),
          context: contextFor(),
          params: {},
        } as never),
      ),
      invite: await run(async () =>
        (await import("~/routes/auth.invite.$token")).action({
          request: formPost(`/auth/invite/${invite.token}`, { username: name, ...pair }),
          context: contextFor(),
          params: { token: invite.token },
        } as never),
      ),
      "admin form": await run(async () =>
        (await import("~/routes/manage.users.new")).action({
          request: formPost("/manage/users/new", { username: name, ...pair }),
          context: adminContext,
          params: {},
        } as never),
      ),
      "admin rename": await run(async () =>
        (await import("~/routes/manage.users.$id")).action({
          request: formPost(`/manage/users/${adminUser.id}`, { intent: "profile", username: name }),
          context: adminContext,
          params: { id: adminUser.id },
        } as never),
      ),
      api: await run(async () =>
        (await import("~/routes/api.users._index")).action({
          request: new Request("http://porch.test/api/users", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ username: name, password: pair.password }),
          }),
          context: adminContext,
          params: {},
        } as never),
      ),
    };
    for (const [where, answer] of Object.entries(answers)) {
      expect(statusOf(answer), where).toBe(400);
      const said = answer instanceof Response ? JSON.stringify(await answer.json()) : JSON.stringify(answer);
      expect(said, where).toContain("Use plain characters");
    }
    expect(await count()).toBe(before);
    const [{ username }] = await sql`select username from users where id = ${adminUser.id}`;
    expect(username).toBe(adminUser.username);
  });

  // Last: the CLI closes the pool when it is done.
  it("refuses an ambiguous name in the CLI's recreate-admin and creates nothing", async () => {
    const before = await count();
    const { cliRecreateAdmin } = await import("~/server/cli.server");
    await expect(cliRecreateAdmin("ａdmin")).rejects.toThrow(/username/i);
    expect(await count()).toBe(before);
  });
});
