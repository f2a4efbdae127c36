import { afterEach, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { resolveApiKey } from "~/auth/api-key.server";
import { getConfig, setConfigForTests } from "~/config.server";
import { setGroupRequiresPasskey } from "~/models/groups.server";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { createApiKey } from "~/models/api-keys.server";
import { makeUser } from "../fixtures/users";

// Issue #21: a group that requires a phishing-resistant sign-in. Read with the actor on every request:
// what the person must do first, by how their session was proved and what their account can have.

const db = useTestDatabase();
const policy = { expiryMs: DAY, maxLifetimeMs: DAY };
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const PASSKEYS = { rpId: "localhost", origin: "http://localhost:3000", rpName: "Porch" };
const throttle = { accountAttempts: 5, ipAttempts: 1000, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

let original: ReturnType<typeof getConfig> | null = null;
function passkeysOn() {
  original ??= getConfig();
  setConfigForTests({ ...original, passkeys: PASSKEYS, passkeysOff: null });
}
afterEach(() => {
  if (original) setConfigForTests(original);
  original = null;
});

/** A group that requires passkeys; `window`: members without one may still add a first one with their password. */
async function group(required: boolean, window = false) {
  const name = `strict-${crypto.randomUUID().slice(0, 8)}`;
  await db.sql()`
    insert into groups (name, require_passkey, passkey_grace_until)
    values (${name}, ${required}, ${window ? new Date(Date.now() + DAY) : null})`;
  return name;
}

async function givePasskey(userId: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.sql()`
    insert into webauthn_credentials (id, user_id, public_key, device_type, name)
    values (${id}, ${userId}, ${new Uint8Array(8)}, 'singleDevice', 'test key')`;
  return id;
}

/** A new session's step; `passkeyId`: the passkey that proved it. */
async function stepOf(userId: string, proof?: string, passkeyId?: string) {
  const { token } = await createSession(db.sql(), userId, { remember: false, proof, passkeyId }, policy);
  return (await validateSessionToken(db.sql(), token, policy))?.passkeyStep;
}

describe("a group that requires a passkey sign-in", () => {
  it("asks a member without a passkey to add one (while the window is open), and one with a passkey to confirm a password's session", async () => {
    passkeysOn();
    const name = await group(true, true);
    const user = await makeUser(db.sql(), { groups: [name] });
    expect(await stepOf(user.id, "credentials")).toBe("add");
    const passkey = await givePasskey(user.id);
    expect(await stepOf(user.id, "credentials")).toBe("confirm");
    expect(await stepOf(user.id, "credentials+totp")).toBe("confirm");
    expect(await stepOf(user.id, "credentials+recovery-code")).toBe("confirm");
    // Sessions made before the column knew how they were proved count as a password's.
    expect(await stepOf(user.id)).toBe("confirm");
    // Only a passkey of theirs that answered proves a session, whatever its provider string says.
    expect(await stepOf(user.id, "passkey")).toBe("confirm");
    expect(await stepOf(user.id, "passkey", passkey)).toBeNull();
    expect(await stepOf(user.id, "credentials+passkey", passkey)).toBeNull();
    // Someone outside the group is asked nothing.
    const other = await makeUser(db.sql());
    expect(await stepOf(other.id, "credentials")).toBeNull();
  });

  it("lets nobody enrol a first passkey with a password once the window is over: whoever phished it would (attack26)", async () => {
    passkeysOn();
    const closed = await group(true);
    const open = await group(true, true);
    const user = await makeUser(db.sql(), { groups: [closed] });
    expect(await stepOf(user.id, "credentials")).toBe("ask-admin");
    // Every group that requires it must still allow it.
    const both = await makeUser(db.sql(), { groups: [closed, open] });
    expect(await stepOf(both.id, "credentials")).toBe("ask-admin");
    const onlyOpen = await makeUser(db.sql(), { groups: [open] });
    expect(await stepOf(onlyOpen.id, "credentials")).toBe("add");
    await db.sql()`update groups set passkey_grace_until = now() - interval '1 second' where name = ${open}`;
    expect(await stepOf(onlyOpen.id, "credentials")).toBe("ask-admin");
  });

  it("takes the proof away from the sessions a removed passkey made (a lost device, a thief's passkey) (attack26)", async () => {
    passkeysOn();
    const name = await group(true, true);
    const user = await makeUser(db.sql(), { groups: [name] });
    const kept = await givePasskey(user.id);
    const lost = await givePasskey(user.id);
    const { token } = await createSession(db.sql(), user.id, { remember: false, proof: "passkey", passkeyId: lost }, policy);
    const { token: other } = await createSession(db.sql(), user.id, { remember: false, proof: "passkey", passkeyId: kept }, policy);
    expect((await validateSessionToken(db.sql(), token, policy))?.passkeyStep).toBeNull();
    await db.sql()`delete from webauthn_credentials where id = ${lost}`;
    expect((await validateSessionToken(db.sql(), token, policy))?.passkeyStep).toBe("confirm");
    expect((await validateSessionToken(db.sql(), other, policy))?.passkeyStep).toBeNull();
  });

  it("shuts out accounts that can't have passkeys, and everyone while passkeys are off", async () => {
    const name = await group(true, true);
    const local = await makeUser(db.sql(), { groups: [name] });
    await givePasskey(local.id);
    // Passkeys off on this server (no BASE_URL): nothing can meet it.
    expect(await stepOf(local.id, "credentials")).toBe("unavailable");
    passkeysOn();
    const [ldap] = await db.sql()`
      insert into users (username, provider, external_id) values (${`ldap-${crypto.randomUUID().slice(0, 8)}`}, 'ldap', 'uid=x') returning id`;
    await db.sql()`insert into group_members (group_id, user_id) select id, ${ldap.id} from groups where name = ${name}`;
    expect(await stepOf(ldap.id, "ldap")).toBe("unavailable");
    expect(await stepOf(ldap.id, "oidc")).toBe("unavailable");
  });

  it("applies to everyone when the everyone group requires it", async () => {
    passkeysOn();
    const user = await makeUser(db.sql());
    await db.sql()`update groups set require_passkey = true where name = 'everyone'`;
    try {
      expect(await stepOf(user.id, "credentials")).toBe("ask-admin");
    } finally {
      await db.sql()`update groups set require_passkey = false where name = 'everyone'`;
    }
  });

  it("lets a key work only if a session a passkey of theirs proved made it, and while that passkey exists (attack27)", async () => {
    passkeysOn();
    const name = await group(true, true);
    const user = await makeUser(db.sql(), { groups: [name] });
    const keyFrom = async (passkeyId?: string) => {
      const { session } = await createSession(db.sql(), user.id, { remember: false, passkeyId }, policy);
      const { token } = await createApiKey(
        db.sql(),
        { ...client, userId: user.id },
        { userId: user.id, sessionId: session.id, description: "a script", permissions: [], actAsOwner: true, expiresAt: null },
      );
      return async () => {
        const resolved = await resolveApiKey(db.sql(), token, client, throttle);
        return resolved.ok ? resolved.actor.passkeyStep : "refused";
      };
    };
    // Made with the password (before the rule, or by whoever phished it): no good while the rule holds,
    // even once the owner has a passkey.
    const byPassword = await keyFrom();
    expect(await byPassword()).toBe("add");
    const own = await givePasskey(user.id);
    expect(await byPassword()).toBe("confirm");
    // Made in a session the owner's passkey proved: good, until that passkey is removed.
    const thief = await givePasskey(user.id);
    const byThief = await keyFrom(thief);
    const byOwner = await keyFrom(own);
    expect(await byThief()).toBeNull();
    expect(await byOwner()).toBeNull();
    await db.sql()`delete from webauthn_credentials where id = ${thief}`;
    expect(await byThief()).toBe("confirm");
    expect(await byOwner()).toBeNull();
    // Outside any such group, a key is a key.
    await db.sql()`update groups set require_passkey = false where name = ${name}`;
    expect(await byPassword()).toBeNull();
  });

  it("won't let an administrator shut themselves out, and says how many members can't meet it", async () => {
    passkeysOn();
    const sql = db.sql();
    const name = await group(false);
    const [{ id }] = await sql`select id from groups where name = ${name}`;
    const admin = await makeUser(sql, { groups: [name] });
    const audit = { ...client, userId: admin.id };
    const first = await setGroupRequiresPasskey(sql, audit, id, true);
    expect(first).toEqual({ ok: false, error: expect.stringContaining("add a passkey to your own account first") });
    expect((await sql`select require_passkey from groups where id = ${id}`)[0].requirePasskey).toBe(false);
    await givePasskey(admin.id);
    const [ldap] = await sql`
      insert into users (username, provider, external_id) values (${`ldap-${crypto.randomUUID().slice(0, 8)}`}, 'ldap', 'uid=y') returning id`;
    await sql`insert into group_members (group_id, user_id) values (${id}, ${ldap.id})`;
    expect(await setGroupRequiresPasskey(sql, audit, id, true, DAY)).toEqual({ ok: true, shutOut: 1 });
    const [row] = await sql`select details from audit_log where action = 'group.passkey-requirement-changed' and target_id = ${id}`;
    expect(row.details).toMatchObject({ required: true, firstPasskeyUntil: expect.any(String) });
    const [saved] = await sql`select passkey_grace_until > now() + interval '23 hours' as "open" from groups where id = ${id}`;
    expect(saved.open).toBe(true);
    // A directory administrator can't turn it on for a group they are in.
    await sql`update groups set require_passkey = false where id = ${id}`;
    const ldapAudit = { ...client, userId: ldap.id };
    expect(await setGroupRequiresPasskey(sql, ldapAudit, id, true)).toEqual({ ok: false, error: expect.stringContaining("shut out") });
  });
});
