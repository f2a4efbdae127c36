import { Client } from "ldapts";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticatorFor } from "~/auth/authenticator.server";
import { directoryWork, ldapSignIn } from "~/auth/ldap/ldap.server";
import { setConfigForTests } from "~/config.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { ROOT, SUFFIX, useDirectory } from "../fixtures/directory";
import { contextFor, formPost } from "../fixtures/routes";

// The LDAP lockout counts the account the directory found, not only the name as typed; names that
// are not ASCII reach the directory as UTF-8.

const db = useDirectoryAndDatabase();
const TOO_MANY = "Too many attempts, try again in 15 minutes.";
// A filter that finds people by uid or by mail: two names for one account.
const BY_UID_OR_MAIL = "(&(objectClass=inetOrgPerson)(|(uid={{username}})(mail={{username}})))";

function useDirectoryAndDatabase() {
  const database = useTestDatabase();
  const directory = useDirectory();
  beforeAll(async () => {
    const c = new Client({ url: directory.url() });
    await c.bind(ROOT.dn, ROOT.password);
    for (const [uid, mail, password] of [
      ["carol", "carol@porch.test", "carol-secret"],
      ["jörg", "joerg@porch.test", "jörg-secret"],
    ]) {
      await c.add(`uid=${uid},ou=people,${SUFFIX}`, { objectClass: "inetOrgPerson", uid, cn: uid, sn: uid, mail, userPassword: password });
    }
    // An ASCII login whose entry's DN is not ASCII; groups that name members by DN.
    await c.add(`cn=Dörte Müller,ou=people,${SUFFIX}`, {
      objectClass: "inetOrgPerson",
      uid: "doerte",
      cn: "Dörte Müller",
      sn: "Müller",
      userPassword: "doerte-secret",
    });
    await c.add(`cn=crème,ou=groups,${SUFFIX}`, {
      objectClass: "groupOfNames",
      cn: "crème",
      member: `cn=Dörte Müller,ou=people,${SUFFIX}`,
    });
    await c.add(`cn=jörg-group,ou=groups,${SUFFIX}`, {
      objectClass: "groupOfNames",
      cn: "jörg-group",
      member: `uid=jörg,ou=people,${SUFFIX}`,
    });
    await c.unbind();
  });
  return { ...database, directory };
}

async function attempt(username: string, password: string, ip = "203.0.113.70") {
  setConfigForTests({
    ...TEST_CONFIG,
    databaseUrl: db.url(),
    providers: ["ldap"],
    ldap: db.directory.config({ AUTH_LDAP_USER_SEARCH_FILTER: BY_UID_OR_MAIL }),
  });
  const outcome = await authenticatorFor(contextFor(undefined, ip)).authenticate("ldap", formPost("/auth/login", { username, password }));
  return { ok: outcome.ok, messages: outcome.ok ? [] : (outcome.reply.error?.[""] ?? []) };
}

const localAccount = async (username: string) => (await db.sql()`select id from users where username = ${username}`)[0] ?? null;

describe("LDAP names that are not ASCII", () => {
  it("reads the groups of directory users whose DN is not ASCII (the member filter gets the DN as UTF-8)", async () => {
    const config = db.directory.config();
    expect((await ldapSignIn(config, "doerte", "doerte-secret")).groups).toEqual(["crème"]);
    expect((await ldapSignIn(config, "jörg", "jörg-secret")).groups).toEqual(["jörg-group"]);
  });

  it("signs in a directory user whose name is not ASCII (UTF-8 goes into the filter as it is)", async () => {
    expect(await attempt("jörg", "jörg-secret", "203.0.113.71")).toMatchObject({ ok: true });
    expect(await localAccount("jörg")).not.toBeNull();
  });
});

describe("LDAP lockout counts the directory's account", () => {
  it("refuses a second set of guesses through another name of the same directory account (uid, then mail)", async () => {
    for (let i = 0; i < 3; i++) expect((await attempt("carol", `wrong-${i}`)).ok).toBe(false);
    for (let i = 0; i < 2; i++) expect((await attempt("carol@porch.test", `wrong-m${i}`)).ok).toBe(false);
    for (const name of ["carol", "carol@porch.test", "CAROL@porch.test"]) {
      const refused = await attempt(name, "carol-secret");
      expect(refused.ok, name).toBe(false);
      expect(refused.messages, name).toContain(TOO_MANY);
    }
    // Nothing happened on our side either: no account was made.
    expect(await localAccount("carol")).toBeNull();
  });

  it("refuses case and compatibility forms of a directory name as a way around its lock (each form signs in before)", async () => {
    for (const name of ["JÖRG", "jo\u0308rg", "joerg@porch.test"])
      expect((await attempt(name, "jörg-secret", "203.0.113.72")).ok, name).toBe(true);
    for (let i = 0; i < 5; i++) await attempt("jörg", `wrong-${i}`, "203.0.113.73");
    for (const name of ["jörg", "JÖRG", "ｊöｒｇ", "jo\u0308rg", "joerg@porch.test"]) {
      const refused = await attempt(name, "jörg-secret", "203.0.113.74");
      expect(refused.ok, name).toBe(false);
      expect(refused.messages, name).toContain(TOO_MANY);
    }
  });

  it("refuses telling directory users from unknown names by the directory's work: the same binds and searches either way", async () => {
    const workOf = async (name: string, ip: string) => {
      const before = directoryWork();
      const outcome = await attempt(name, "not-the-password", ip);
      const after = directoryWork();
      return { ok: outcome.ok, binds: after.binds - before.binds, searches: after.searches - before.searches };
    };
    const unknown = await workOf("nobody-in-the-directory", "203.0.113.80");
    const known = await workOf("doerte", "203.0.113.81");
    expect(known).toEqual(unknown);
    expect(unknown).toEqual({ ok: false, binds: 2, searches: 1 });
  });
});
