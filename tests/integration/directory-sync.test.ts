import { Attribute, Change } from "ldapts";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { resolveApiKey } from "~/auth/api-key.server";
import type { LdapConfig } from "~/auth/ldap/config";
import { findDirectoryUser } from "~/auth/ldap/ldap.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { setConfigForTests } from "~/config.server";
import { createSql } from "~/db.server";
import { createApiKey } from "~/models/api-keys.server";
import { provisionDirectoryUser } from "~/models/directory-users.server";
import { syncDirectory, syncDirectoryNow } from "~/models/directory-sync.server";
import { JOBS, runDueJobs } from "~/server/jobs.server";
import { DAY, HOUR, MINUTE } from "~/utils/time";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { SUFFIX, useDirectory } from "../fixtures/directory";

// The LDAP scheduled sync against a real OpenLDAP: people removed, disabled, moved out of the filter; a
// directory that goes down in the middle; a run that would deactivate too many; two instances at once.

const db = useTestDatabase();
const directory = useDirectory();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const throttle = { accountAttempts: 1000, ipAttempts: 1000, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const SYSTEM = { actor: { userId: null, ip: null, userAgent: null } };
const GROUPS = {
  AUTH_LDAP_GROUP_SEARCH_BASE: `ou=groups,${SUFFIX}`,
  AUTH_LDAP_GROUP_SEARCH_FILTER: "(member={{dn}})",
  AUTH_LDAP_DISABLED_FILTER: "(employeeType=disabled)",
};
const configWith = (overrides: Record<string, string> = {}) => directory.config({ ...GROUPS, ...overrides });

let serial = 0;
/** A fresh directory entry that has signed in once: an active account with a session and an API key. */
async function member(config: LdapConfig) {
  const uid = `sync${++serial}${Date.now().toString(36)}`;
  const dn = `uid=${uid},ou=people,${SUFFIX}`;
  await directory.asRoot((c) =>
    c.add(dn, { objectClass: "inetOrgPerson", uid, cn: uid, sn: "Member", mail: `${uid}@porch.test`, userPassword: "x" }),
  );
  const userId = await provisionDirectoryUser(db.sql(), "ldap", await findDirectoryUser(config, uid), { adminGroup: null, client });
  const { token } = await createSession(db.sql(), userId, { remember: true }, policy);
  const key = await createApiKey(
    db.sql(),
    { userId, ip: null, userAgent: null },
    { userId, description: "sync", permissions: [], actAsOwner: true, expiresAt: null },
  );
  return { uid, dn, userId, session: token, key: key.token };
}

const statusOf = async (userId: string) => (await db.sql()`select status from users where id = ${userId}`)[0].status;
const sessionWorks = async (token: string) => (await validateSessionToken(db.sql(), token, policy)) !== null;
const keyWorks = async (token: string) => (await resolveApiKey(db.sql(), token, client, throttle)).ok;
const disable = (dn: string) =>
  directory.asRoot((c) =>
    c.modify(dn, new Change({ operation: "add", modification: new Attribute({ type: "employeeType", values: ["disabled"] }) })),
  );

beforeEach(async () => {
  // Each test starts with only its own directory accounts active.
  await db.sql()`update users set status = 'inactive' where provider = 'ldap'`;
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), providers: ["credentials", "ldap"], ldap: configWith() });
});

describe("the LDAP scheduled sync", () => {
  it("deactivates people removed, disabled or moved out of the people base, ends their sessions and keys, and says why", async () => {
    const config = configWith({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "100%" });
    const [stays, removed, disabled, moved] = [await member(config), await member(config), await member(config), await member(config)];
    await directory.asRoot(async (c) => {
      await c.del(removed.dn);
      await c.modifyDN(moved.dn, `uid=${moved.uid},ou=services,${SUFFIX}`);
    });
    await disable(disabled.dn);
    const outcome = await syncDirectory(db.sql(), config, SYSTEM);
    expect(outcome).toMatchObject({ checked: 4, refused: null, error: null, refreshed: 1 });
    expect(outcome.deactivated).toEqual(
      expect.arrayContaining([
        { username: removed.uid, standing: "gone" },
        { username: disabled.uid, standing: "disabled" },
        { username: moved.uid, standing: "gone" },
      ]),
    );
    for (const left of [removed, disabled, moved]) {
      expect(await statusOf(left.userId)).toBe("inactive");
      expect(await sessionWorks(left.session)).toBe(false);
      expect(await keyWorks(left.key)).toBe(false);
    }
    expect(await statusOf(stays.userId)).toBe("active");
    expect(await sessionWorks(stays.session)).toBe(true);
    expect(await keyWorks(stays.key)).toBe(true);
    const audit = await db.sql()`
      select target_id, actor_type, details from audit_log where action = 'user.directory-departed' and target_id = ${disabled.userId}`;
    expect(audit).toEqual([
      expect.objectContaining({ actorType: "system", details: expect.objectContaining({ standing: "disabled", by: "scheduled-sync" }) }),
    ]);
    // A disabled account can't sign in again either (the same filter refuses it).
    await expect(findDirectoryUser(config, disabled.uid)).rejects.toThrow(/no entry matches/);
  });

  it("re-syncs the groups of those still there from the directory", async () => {
    const config = configWith();
    const person = await member(config);
    const [group] = await db.sql()`insert into groups (name) values (${`media-${serial}`}) returning id`;
    await db.sql()`insert into group_directory_mappings (group_id, provider, directory_group) values (${group.id}, 'ldap', 'media')`;
    const mediaDn = `cn=media,ou=groups,${SUFFIX}`;
    await directory.asRoot((c) =>
      c.modify(mediaDn, new Change({ operation: "add", modification: new Attribute({ type: "member", values: [person.dn] }) })),
    );
    const memberOf = async () =>
      (await db.sql()`select 1 from group_members where group_id = ${group.id} and user_id = ${person.userId}`).length;
    expect(await memberOf()).toBe(0);
    await syncDirectory(db.sql(), config, SYSTEM);
    expect(await memberOf()).toBe(1);
    await directory.asRoot((c) =>
      c.modify(mediaDn, new Change({ operation: "delete", modification: new Attribute({ type: "member", values: [person.dn] }) })),
    );
    await syncDirectory(db.sql(), config, SYSTEM);
    expect(await memberOf()).toBe(0);
  });

  it("refuses to apply a run that would deactivate more than the limit, says so, and applies it when an administrator insists", async () => {
    const config = configWith({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "25%" });
    const people: Awaited<ReturnType<typeof member>>[] = [];
    for (let i = 0; i < 8; i++) people.push(await member(config));
    // A directory change that looks like an accident: three of eight gone at once (the limit is 2).
    await directory.asRoot(async (c) => {
      for (const p of people.slice(0, 3)) await c.del(p.dn);
    });
    const refused = await syncDirectory(db.sql(), config, SYSTEM);
    expect(refused).toMatchObject({ checked: 8, deactivated: [], refused: { wouldDeactivate: 3, limit: 2 } });
    for (const p of people) expect(await sessionWorks(p.session)).toBe(true);
    const [row] = await db.sql()`select details from audit_log where action = 'directory.sync.refused' order by id desc limit 1`;
    expect(row.details).toMatchObject({ checked: 8, wouldDeactivate: 3, limit: 2 });
    const [run] = await db.sql()`select would_deactivate, max_deactivate from directory_syncs order by id desc limit 1`;
    expect(run).toEqual({ wouldDeactivate: 3, maxDeactivate: 2 });
    const forced = await syncDirectoryNow(db.sql(), config, { actor: { userId: null, ip: "127.0.0.1", userAgent: "vitest" }, force: true });
    expect(forced?.deactivated).toHaveLength(3);
    for (const p of people.slice(0, 3)) expect(await sessionWorks(p.session)).toBe(false);
    for (const p of people.slice(3)) expect(await sessionWorks(p.session)).toBe(true);
  });

  it("refuses to let one account that can't be refreshed (a name over 64 characters) undo the departures of a run (attack41)", async () => {
    const config = configWith({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "100%" });
    const [long, left] = [await member(config), await member(config)];
    const longName = `${long.uid}${"x".repeat(70)}`;
    await directory.asRoot(async (c) => {
      await c.modifyDN(long.dn, `uid=${longName}`);
      await c.del(left.dn);
    });
    const outcome = await syncDirectory(db.sql(), config, SYSTEM);
    expect(outcome.deactivated).toEqual([{ username: left.uid, standing: "gone" }]);
    expect(await statusOf(left.userId)).toBe("inactive");
    expect(await sessionWorks(left.session)).toBe(false);
    // The long-named one keeps its name here, and its access.
    expect((await db.sql()`select username, status from users where id = ${long.userId}`)[0]).toEqual({
      username: long.uid,
      status: "active",
    });
    // The same through the job's transaction, where a failed refresh used to roll everything back.
    const again = await member(config);
    await directory.asRoot((c) => c.del(again.dn));
    await db.sql()`delete from job_runs where name = 'ldap.sync'`;
    await runDueJobs(
      db.sql(),
      JOBS.filter((j) => j.name === "ldap.sync"),
    );
    expect(await statusOf(again.userId)).toBe("inactive");
    // Its first sign-in with such a name is refused in words, never a 500.
    await expect(
      provisionDirectoryUser(
        db.sql(),
        "ldap",
        { ...(await findDirectoryUser(config, longName)), externalId: "fresh-id" },
        { adminGroup: null, client },
      ),
    ).rejects.toThrow("unusable-username");
  });

  it("changes nothing when the directory is down, or goes down in the middle of a run", async () => {
    const config = configWith({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "100%" });
    const people = [await member(config), await member(config), await member(config)];
    await directory.asRoot((c) => c.del(people[2].dn));
    // Down from the start: nothing listens there.
    const down = await syncDirectory(db.sql(), { ...config, uri: "ldap://127.0.0.1:9" }, SYSTEM);
    expect(down.error).toMatch(/couldn't be read.*nothing was changed/);
    // Down in the middle: a relay to the real directory that lets two connections through, then refuses.
    const relay = await relayFor(directory.url(), 2);
    const midway = await syncDirectory(db.sql(), { ...config, uri: relay.url }, SYSTEM);
    await relay.close();
    expect(midway.error).toMatch(/nothing was changed/);
    for (const p of people) {
      expect(await statusOf(p.userId)).toBe("active");
      expect(await sessionWorks(p.session)).toBe(true);
    }
    const [failed] = await db.sql()`select count(*)::int as n from audit_log where action = 'directory.sync.failed'`;
    expect(failed.n).toBeGreaterThanOrEqual(2);
  });

  it("runs once per period however many instances tick at once, and not at all when the interval is 0", async () => {
    const config = configWith({ AUTH_LDAP_SYNC_INTERVAL: "1h" });
    await member(config);
    const job = JOBS.filter((j) => j.name === "ldap.sync");
    expect(job).toHaveLength(1);
    const before = (await db.sql()`select count(*)::int as n from directory_syncs`)[0].n;
    const pools = [db.sql(), createSql(db.url()), createSql(db.url())];
    const now = new Date(Date.now() + 10 * DAY);
    await Promise.all(pools.map((p) => runDueJobs(p, job, now)));
    await Promise.all(pools.map((p) => runDueJobs(p, job, new Date(now.getTime() + HOUR / 2))));
    expect((await db.sql()`select count(*)::int as n from directory_syncs`)[0].n).toBe(before + 1);
    setConfigForTests({
      ...TEST_CONFIG,
      databaseUrl: db.url(),
      providers: ["credentials", "ldap"],
      ldap: configWith({ AUTH_LDAP_SYNC_INTERVAL: "0" }),
    });
    await runDueJobs(db.sql(), job, new Date(now.getTime() + 2 * DAY));
    expect((await db.sql()`select count(*)::int as n from directory_syncs`)[0].n).toBe(before + 1);
    await Promise.all(pools.slice(1).map((p) => p.end()));
  });
});

/** A TCP relay to the directory that passes `allowed` connections, then resets every later one. */
async function relayFor(target: string, allowed: number): Promise<{ url: string; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let seen = 0;
  const server: Server = createServer((incoming) => {
    sockets.add(incoming);
    if (++seen > allowed) return incoming.destroy();
    const outgoing = connect(Number(port), hostname);
    sockets.add(outgoing);
    incoming.pipe(outgoing).pipe(incoming);
    incoming.on("error", () => outgoing.destroy());
    outgoing.on("error", () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
