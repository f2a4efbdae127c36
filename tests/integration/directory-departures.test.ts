import { Attribute, Change } from "ldapts";
import { describe, expect, it } from "vitest";
import { resolveApiKey } from "~/auth/api-key.server";
import type { LdapConfig } from "~/auth/ldap/config";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { setConfigForTests } from "~/config.server";
import { createApiKey } from "~/models/api-keys.server";
import { DAY, MINUTE } from "~/utils/time";
import { requestContext } from "../fixtures/context";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { SUFFIX, useDirectory } from "../fixtures/directory";
import { makeUser } from "../fixtures/users";

// Someone removed or disabled in the directory keeps nothing in Porch: the next sync or sign-in that
// finds them gone or disabled ends their sessions and API keys. Against a real OpenLDAP.

const db = useTestDatabase();
const directory = useDirectory();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const throttle = { accountAttempts: 1000, ipAttempts: 1000, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
// Accounts disabled in the directory drop out of the user filter (as AD's userAccountControl clause does).
const DISABLING_FILTER = "(&(objectClass=inetOrgPerson)(uid={{username}})(!(employeeType=disabled)))";

let serial = 0;
/** A fresh directory entry (mail uid@porch.test), signed in once through the sign-in form: a local account with a session and an API key. */
async function leaver(config: LdapConfig) {
  const uid = `leaver${++serial}${Date.now().toString(36)}`;
  const dn = `uid=${uid},ou=people,${SUFFIX}`;
  await directory.asRoot((c) =>
    c.add(dn, { objectClass: "inetOrgPerson", uid, cn: uid, sn: "Leaver", mail: `${uid}@porch.test`, userPassword: `${uid}-secret` }),
  );
  const outcome = await attempt(config, uid, `${uid}-secret`);
  if (!outcome.ok) throw new Error(`sign-in failed: ${JSON.stringify(outcome)}`);
  const userId = outcome.userId as string;
  const { token } = await createSession(db.sql(), userId, { remember: true }, policy);
  const key = await createApiKey(
    db.sql(),
    { userId, ip: null, userAgent: null },
    {
      userId,
      description: "backup script",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    },
  );
  return { uid, dn, userId, session: token, key: key.token };
}

async function attempt(config: LdapConfig, username: string, password: string) {
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), providers: ["credentials", "ldap"], ldap: config });
  const { authenticatorFor } = await import("~/auth/authenticator.server");
  const context = { ...(await requestContext(db.sql(), null)), client };
  const request = new Request("http://porch.test/auth/login", { method: "POST", body: new URLSearchParams({ username, password }) });
  return authenticatorFor(context as never).authenticate("ldap", request);
}

/** Manage → LDAP → "Sync now", as an admin presses it. */
async function syncNow(config: LdapConfig, username: string) {
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), providers: ["credentials", "ldap"], ldap: config });
  const admin = await makeUser(db.sql(), { permissions: ["admin"] });
  const { token } = await createSession(db.sql(), admin.id, { remember: false }, policy);
  const { action } = await import("~/routes/manage.tools.ldap");
  const request = new Request("http://porch.test/manage/tools/ldap", {
    method: "POST",
    body: new URLSearchParams({ intent: "sync", username }),
  });
  const answer = await action({ request, context: await requestContext(db.sql(), token), params: {} } as never);
  return "data" in (answer as object)
    ? (answer as { data: { ok: boolean; message: string } }).data
    : (answer as { ok: boolean; message: string });
}

const sessionWorks = async (token: string) => (await validateSessionToken(db.sql(), token, policy)) !== null;
const keyWorks = async (token: string) => (await resolveApiKey(db.sql(), token, client, throttle)).ok;

describe("directory departures", () => {
  it("refuses a deleted directory user's old session and API key once Sync now finds them gone, and says so", async () => {
    const config = directory.config();
    const gone = await leaver(config);
    expect(await sessionWorks(gone.session)).toBe(true);
    await directory.asRoot((c) => c.del(gone.dn));
    const answer = await syncNow(config, gone.uid);
    expect(answer.message).toBe(`${gone.uid} is no longer in the directory: 1 session and 1 API key ended.`);
    expect(await sessionWorks(gone.session)).toBe(false);
    expect(await keyWorks(gone.key)).toBe(false);
    const [row] = await db.sql()`select details from audit_log where action = 'user.directory-departed' and target_id = ${gone.userId}`;
    expect(row.details).toMatchObject({ provider: "ldap", standing: "gone", sessionsEnded: 1, apiKeysRevoked: 1 });
  });

  it("refuses a deleted directory user's old session and API key once a sign-in finds them gone", async () => {
    const config = directory.config();
    const gone = await leaver(config);
    await directory.asRoot((c) => c.del(gone.dn));
    expect((await attempt(config, gone.uid, `${gone.uid}-secret`)).ok).toBe(false);
    expect(await sessionWorks(gone.session)).toBe(false);
    expect(await keyWorks(gone.key)).toBe(false);
  });

  it("refuses a disabled directory user's old session and API key once a sign-in finds them disabled", async () => {
    const config = directory.config({ AUTH_LDAP_USER_SEARCH_FILTER: DISABLING_FILTER });
    const disabled = await leaver(config);
    await directory.asRoot((c) =>
      c.modify(disabled.dn, new Change({ operation: "add", modification: new Attribute({ type: "employeeType", values: ["disabled"] }) })),
    );
    expect((await attempt(config, disabled.uid, `${disabled.uid}-secret`)).ok).toBe(false);
    expect(await sessionWorks(disabled.session)).toBe(false);
    expect(await keyWorks(disabled.key)).toBe(false);
    const [row] = await db.sql()`select details from audit_log where action = 'user.directory-departed' and target_id = ${disabled.userId}`;
    expect(row.details).toMatchObject({ standing: "disabled" });
  });

  it("refuses an old account's session and keys once its name belongs to a new directory entry", async () => {
    const config = directory.config();
    const old = await leaver(config);
    await directory.asRoot(async (c) => {
      await c.del(old.dn);
      await c.add(old.dn, { objectClass: "inetOrgPerson", uid: old.uid, cn: "Newcomer", sn: "New", userPassword: "newcomer-secret" });
    });
    expect((await attempt(config, old.uid, "newcomer-secret")).ok).toBe(false);
    expect(await sessionWorks(old.session)).toBe(false);
    expect(await keyWorks(old.key)).toBe(false);
  });

  it("refuses to let a failed sign-in end the sessions of someone still in the directory", async () => {
    // With a filter on mail, typing the uid finds no entry: that says nothing about the person.
    const config = directory.config({
      AUTH_LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(|(uid={{username}})(mail={{username}})))",
    });
    const present = await leaver(config);
    expect((await attempt(config, present.uid, "wrong password")).ok).toBe(false);
    const mailOnly = directory.config({ AUTH_LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(mail={{username}}))" });
    expect((await attempt(mailOnly, present.uid, "wrong password")).ok).toBe(false);
    expect(await syncNow(mailOnly, present.uid)).toMatchObject({ ok: false });
    expect(await sessionWorks(present.session)).toBe(true);
    expect(await keyWorks(present.key)).toBe(true);
    expect(await db.sql()`select 1 from audit_log where action = 'user.directory-departed' and target_id = ${present.userId}`).toHaveLength(
      0,
    );
  });

  it("refuses a NUL byte in the name to sync with a 4xx and a message, never a 5xx", async () => {
    const config = directory.config();
    const present = await leaver(config);
    const answer = await syncNow(config, `${present.uid}\u0000`);
    expect(answer).toMatchObject({ ok: false });
    expect(await sessionWorks(present.session)).toBe(true);
  });
});
