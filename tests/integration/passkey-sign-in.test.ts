import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signInOptions, verifySignIn, type PasskeyPlace } from "~/auth/passkeys/ceremonies.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";
import { forgeAssertion, type StoredCredential } from "../e2e/passkey-authenticator";

// Issue #21: verifying a passwordless sign-in against PostgreSQL, with answers signed by a key of our own
// (what a cloned authenticator or a script holding the key sends).

const db = useTestDatabase();
const place: PasskeyPlace = { config: { rpId: "localhost", origin: "http://localhost:3000", rpName: "Porch" }, secure: false };
const client = { ip: "127.0.0.1", userAgent: "vitest" };

/** CBOR for a COSE EC2 P-256 public key {1: 2, 3: -7, -1: 1, -2: x, -3: y}, as authenticators store it. */
function coseKey(x: Buffer, y: Buffer): Uint8Array {
  const bytes = (b: Buffer) => Buffer.concat([Buffer.from([0x58, b.length]), b]);
  return Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]), bytes(x), Buffer.from([0x22]), bytes(y)]);
}

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
  const asked = await signInOptions(db.sql(), new Request("http://localhost:3000/"), place);
  const request = new Request("http://localhost:3000/", { headers: { cookie: asked.cookie.split(";")[0] } });
  const answer = forgeAssertion(credential, { challenge: asked.options.challenge, origin: place.config.origin, counter });
  return () => verifySignIn(db.sql(), request, place, answer, client);
}

describe("passkey sign-in", () => {
  it("signs in with the right key, and moves the stored counter", async () => {
    const { userId, credential } = await personWithPasskey(5);
    expect(await (await attempt(credential, 6))()).toEqual({ ok: true, userId });
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
    for (let i = 0; i < 3; i++) expect(await (await attempt(credential, 0))()).toEqual({ ok: true, userId });
  });

  it("refuses 0 once the key has counted: a copy that never did", async () => {
    const { credential } = await personWithPasskey(7);
    expect((await (await attempt(credential, 0))()).ok).toBe(false);
  });
});
