import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  assertionOptions,
  finishRegistration,
  registrationOptions,
  verifyAssertion,
  type PasskeyPlace,
} from "~/auth/passkeys/ceremonies.server";
import { createSession } from "~/auth/session.server";
import { GUEST } from "~/auth/actor.server";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { adminEndAccess } from "~/models/manage-users.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";
import { coseKey, forgeAssertion, forgeRegistration, type StoredCredential } from "../e2e/passkey-authenticator";

// Issue #21: verifying a passwordless sign-in against PostgreSQL, with answers signed by a key of our own
// (what a cloned authenticator or a script holding the key sends).

const db = useTestDatabase();
const place: PasskeyPlace = { config: { rpId: "localhost", origin: "http://localhost:3000", rpName: "Porch" }, secure: false };
const client = { ip: "127.0.0.1", userAgent: "vitest" };

/** A person with a passkey whose private key this test holds; its counter starts at `signCount`. */
async function personWithPasskey(signCount: number): Promise<{ userId: string; credential: StoredCredential }> {
  const user = await makeUser(db.sql());
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const id = randomBytes(16);
  await db.sql()`
    insert into webauthn_credentials (id, user_id, public_key, sign_count, device_type, name)
    values (${id.toString("base64url")}, ${user.id},
            ${coseKey(Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url"))}, ${signCount}, 'singleDevice', 'test key')`;
  const handle = Buffer.from(user.id.replace(/-/g, ""), "hex");
  return {
    userId: user.id,
    credential: {
      credentialId: id.toString("base64"),
      rpId: "localhost",
      privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
      userHandle: handle.toString("base64"),
      signCount,
      isResidentCredential: true,
    },
  };
}

/** A browser's sign-in: its options (challenge and cookie), then its answer signed with `counter`. */
async function attempt(credential: StoredCredential, counter: number) {
  const asked = await assertionOptions(db.sql(), new Request("http://localhost:3000/"), place, { purpose: "sign-in" });
  const request = new Request("http://localhost:3000/", { headers: { cookie: asked.cookie.split(";")[0] } });
  const answer = forgeAssertion(credential, { challenge: asked.options.challenge, origin: place.config.origin, counter });
  return () => verifyAssertion(db.sql(), request, place, answer, client, { purpose: "sign-in" });
}

describe("passkey sign-in", () => {
  it("signs in with the right key, and moves the stored counter", async () => {
    const { userId, credential } = await personWithPasskey(5);
    expect(await (await attempt(credential, 6))()).toMatchObject({ ok: true, userId });
    const [row] = await db.sql()`select sign_count from webauthn_credentials where user_id = ${userId}`;
    expect(Number(row.signCount)).toBe(6);
  });

  it("refuses all but one of two copies of a key answering at the same moment with the same counter (attack23)", async () => {
    const { userId, credential } = await personWithPasskey(1000);
    // Ten browsers, each with its own challenge, all answering with counter 1001 at once.
    const ready = await Promise.all(Array.from({ length: 10 }, () => attempt(credential, 1001)));
    const outcomes = await Promise.all(ready.map((go) => go()));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const anomalies = await db.sql()`select 1 from audit_log where action = 'passkey.counter-anomaly' and target_id = ${userId}`;
    expect(anomalies).toHaveLength(9);
  });

  it("lets a key that keeps no counter (always 0) sign in again and again: most platform passkeys do", async () => {
    const { userId, credential } = await personWithPasskey(0);
    for (let i = 0; i < 3; i++) expect(await (await attempt(credential, 0))()).toMatchObject({ ok: true, userId });
  });

  it("refuses 0 once the key has counted: a copy that never did", async () => {
    const { credential } = await personWithPasskey(7);
    expect((await (await attempt(credential, 0))()).ok).toBe(false);
  });

  it("refuses to keep a passkey added by a session while a recovery ends it (attack24)", async () => {
    const sql = db.sql();
    const user = await makeUser(sql);
    const { session } = await createSession(sql, user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const subject = { userId: user.id, sessionId: session.id };
    const register = async () => {
      const asked = await registrationOptions(
        sql,
        new Request("http://localhost:3000/"),
        place,
        { ...user, displayName: null },
        session.id,
      );
      const request = new Request("http://localhost:3000/", { headers: { cookie: asked.cookie.split(";")[0] } });
      const answer = forgeRegistration({ challenge: asked.options.challenge, origin: place.config.origin, rpId: "localhost" });
      return () => finishRegistration(sql, request, place, subject, answer, "", { userId: user.id, ...client });
    };
    // Without a recovery under way, such an answer adds a passkey.
    expect(await (await register())()).toMatchObject({ ok: true, name: "Passkey" });
    // Ten browsers of the thief, each with a registration challenge and an answer ready...
    const ready = await Promise.all(Array.from({ length: 10 }, register));
    // ...posting them while an administrator ends all of the account's access.
    const adding = ready.map((go) => go());
    const recovery = adminEndAccess(sql, { userId: null, ...client }, user.id);
    await Promise.all([...adding, recovery]);
    const left = await sql`select id from webauthn_credentials where user_id = ${user.id}`;
    expect(left).toEqual([]);
  });

  it("gives no session to a passkey sign-in that a recovery overtakes (attack25)", async () => {
    const sql = db.sql();
    const { userId, credential } = await personWithPasskey(0);
    /** The route's end of a passkey sign-in: the session, made only if the passkey is still the account's. */
    const signIn = async (go: () => ReturnType<typeof verifyAssertion>) => {
      const outcome = await go();
      if (!outcome.ok) return;
      const context = { actor: GUEST, client, requestId: "t", cspNonce: "", origin: place.config.origin };
      Object.assign(context, { signInProof: { userId, passkeyId: outcome.passkeyId } });
      await finishSignIn(context as never, userId, { remember: false, provider: "passkey" });
    };
    // Without a recovery under way, it signs in.
    await signIn(await attempt(credential, 0));
    expect(await sql`select 1 from sessions where user_id = ${userId}`).toHaveLength(1);
    // A burst of the thief's sign-ins while an administrator ends all of the account's access.
    const ready = await Promise.all(Array.from({ length: 10 }, () => attempt(credential, 0)));
    await Promise.all([...ready.map(signIn), adminEndAccess(sql, { userId: null, ...client }, userId)]);
    expect(await sql`select 1 from sessions where user_id = ${userId}`).toEqual([]);
    expect(await sql`select 1 from webauthn_credentials where user_id = ${userId}`).toEqual([]);
  });
});
